package io.gef.errors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure a client can be told about: a stable {@link ErrorCode} (which fixes the HTTP status), human text safe
 * to show (no host paths, SQL or stack traces) and, rarely, structured details that go into the error body next to
 * {@code error} and {@code message} (a policy denial carries its whole {@code decision}).
 *
 * <pre>{@code throw new GefException(ErrorCode.JOB_NOT_FOUND, "job " + id + " not found");}</pre>
 */
public final class GefException extends RuntimeException {
    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public GefException(ErrorCode code, String message) {
        this(code, message, null, Map.of());
    }

    public GefException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, Map.of());
    }

    /** With extra body fields; their names must not be {@code error} or {@code message}. */
    public GefException(ErrorCode code, String message, Throwable cause, Map<String, ?> details) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        if (details.containsKey("error") || details.containsKey("message")) {
            throw new IllegalArgumentException("details must not replace 'error' or 'message'");
        }
        this.details = Map.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    /** The HTTP status of {@link #code()}. */
    public int status() {
        return code.status();
    }

    /** Extra fields of the error body, in addition to {@code error} and {@code message}; usually empty. */
    public Map<String, Object> details() {
        return details;
    }

    /** The whole error body: {@code error} (the code), {@code message}, then the details. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code.id());
        body.put("message", getMessage());
        body.putAll(details);
        return body;
    }
}
