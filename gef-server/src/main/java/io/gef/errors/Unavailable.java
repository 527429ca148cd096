package io.gef.errors;

/** HTTP 503. */
public final class Unavailable extends GefException {
    public Unavailable(String message) {
        super("unavailable", message, null);
    }

    public Unavailable(String code, String message) {
        super(code, message, null);
    }

    public Unavailable(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public int status() {
        return 503;
    }
}
