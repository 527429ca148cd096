package io.gef.errors;

/**
 * The one base type for failures a client can be told about. Each subclass fixes the HTTP status and a stable
 * machine-readable {@code code}; the message is human text safe to show (no paths, SQL or stack traces).
 * {@code io.gef.http.ErrorMapper} is the one place that turns these into responses.
 */
public abstract sealed class GefException extends RuntimeException
        permits BadRequest, Unauthorized, Forbidden, PolicyDenied, NotFound, Conflict, PayloadTooLarge,
                TooManyRequests, Unavailable {
    private final String code;

    protected GefException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public abstract int status();
}
