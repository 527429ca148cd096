package io.gef.errors;

/** HTTP 401. */
public final class Unauthorized extends GefException {
    public Unauthorized(String message) {
        super("unauthorized", message, null);
    }

    public Unauthorized(String code, String message) {
        super(code, message, null);
    }

    public Unauthorized(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public int status() {
        return 401;
    }
}
