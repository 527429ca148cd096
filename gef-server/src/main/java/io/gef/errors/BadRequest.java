package io.gef.errors;

/** HTTP 400. */
public final class BadRequest extends GefException {
    public BadRequest(String message) {
        super("bad_request", message, null);
    }

    public BadRequest(String code, String message) {
        super(code, message, null);
    }

    public BadRequest(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public int status() {
        return 400;
    }
}
