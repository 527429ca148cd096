package io.gef.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body every 4xx/5xx answer carries: a stable code, human text, and the request id (also in the
 * {@code X-Request-Id} header) an operator finds the request's log lines by.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(String error, String message, String requestId) {
    ApiError(String error, String message) {
        this(error, message, null);
    }
}
