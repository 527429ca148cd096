package io.gef.errors;

/** HTTP 404. */
public final class NotFound extends GefException {
    public NotFound(String message) {
        super("not_found", message, null);
    }

    public NotFound(String code, String message) {
        super(code, message, null);
    }

    public NotFound(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public int status() {
        return 404;
    }
}
