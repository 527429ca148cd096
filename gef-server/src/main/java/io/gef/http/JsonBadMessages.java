package io.gef.http;

import io.gef.errors.ErrorCode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Requests the web server refuses before any route sees them (a NUL or bad escape in the URI, headers over the
 * limit, a URI too long) get the same JSON error body as every other refusal, not an HTML page.
 */
final class JsonBadMessages extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        ErrorCode code = switch (status) {
            case 413 -> ErrorCode.TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            default -> ErrorCode.BAD_REQUEST;
        };
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        String message = "the request is malformed and was not processed (" + (reason == null ? "HTTP " + status
                : reason.replaceAll("[^A-Za-z0-9 .,:'-]", "?")) + ")";
        try {
            return BufferUtil.toBuffer(Json.mapper().writeValueAsBytes(new ApiError(code.id(), message)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
