package io.gef.errors;

/** HTTP 409. */
public final class Conflict extends GefException {
    public Conflict(String message) {
        super("conflict", message, null);
    }

    public Conflict(String code, String message) {
        super(code, message, null);
    }

    public Conflict(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public int status() {
        return 409;
    }
}
