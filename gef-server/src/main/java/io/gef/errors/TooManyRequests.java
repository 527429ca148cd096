package io.gef.errors;

/** HTTP 429. */
public final class TooManyRequests extends GefException {
    public TooManyRequests(String message) {
        super("too_many_requests", message, null);
    }

    public TooManyRequests(String code, String message) {
        super(code, message, null);
    }

    public TooManyRequests(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public int status() {
        return 429;
    }
}
