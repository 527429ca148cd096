package io.gef.errors;

/** HTTP 403. */
public final class Forbidden extends GefException {
    public Forbidden(String message) {
        super("forbidden", message, null);
    }

    public Forbidden(String code, String message) {
        super(code, message, null);
    }

    public Forbidden(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public int status() {
        return 403;
    }
}
