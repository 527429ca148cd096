package io.gef.http;

import com.fasterxml.jackson.core.JacksonException;
import io.gef.errors.GefException;
import io.gef.errors.PolicyDenied;
import io.gef.errors.Unauthorized;
import io.gef.volumes.VolumeException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers. Known domain failures keep their status and text; anything
 * unexpected becomes a generic 500 whose details go only to the log, under an id the client can quote.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static void install(Javalin app) {
        app.exception(GefException.class, guarded((e, ctx) -> {
            if (e.getCause() != null) {
                log.info("{} {} -> {} {}", ctx.method(), ctx.path(), e.status(), e.getMessage(), e.getCause());
            }
            if (e instanceof Unauthorized) {
                ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\""
                        + e.getMessage().replace("\"", "'") + "\"");
            }
            if (e instanceof PolicyDenied d) {
                ctx.status(403).json(java.util.Map.of("error", d.code(), "message", d.getMessage(),
                        "decision", d.decision()));
                return;
            }
            respond(ctx, e.status(), e.code(), e.getMessage());
        }));
        app.exception(VolumeException.class, guarded((e, ctx) ->
                respond(ctx, e.kind().status(), e.code(), e.getMessage())));
        app.exception(JacksonException.class, guarded((e, ctx) ->
                respond(ctx, 400, "bad_json", "request body is not valid JSON for this endpoint: "
                        + e.getOriginalMessage())));
        app.exception(io.javalin.http.ContentTooLargeResponse.class, guarded((e, ctx) ->
                respond(ctx, 413, "too_large", "request body is larger than this endpoint accepts")));
        app.exception(HttpResponseException.class, guarded((e, ctx) -> {
            String code = HttpStatus.forStatus(e.getStatus()).name().toLowerCase(java.util.Locale.ROOT);
            respond(ctx, e.getStatus(), code, e.getMessage());
        }));
        // the server is stopping and interrupts what still runs, such as a live stream: not a failure to report
        app.exception(InterruptedException.class, guarded((e, ctx) -> {
            Thread.currentThread().interrupt();
            log.debug("{} {} interrupted (server stopping)", ctx.method(), ctx.path());
            if (!ctx.res().isCommitted()) {
                respond(ctx, 503, "unavailable", "the server is stopping; try again shortly");
            }
        }));
        app.exception(Exception.class, guarded((e, ctx) -> {
            String id = Long.toHexString(System.nanoTime());
            log.error("unexpected failure {} on {} {}", id, ctx.method(), ctx.path(), e);
            respond(ctx, 500, "internal", "internal error (reference " + id + "); see the server log");
        }));
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                respond(ctx, 404, "not_found", "no such resource: " + ctx.path());
            }
        });
        app.error(405, ctx -> respond(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on "
                + ctx.path()));
    }

    /**
     * An exception handler that never throws. Javalin runs an exception handler as the next task and treats a
     * throwing handler as a new exception to handle, first in line: a handler that always throws (say, on a
     * committed response) spins that request forever at full CPU. Here a failing handler ends the request.
     */
    private static <T extends Exception> ExceptionHandler<T> guarded(ExceptionHandler<T> handler) {
        return (e, ctx) -> {
            try {
                handler.handle(e, ctx);
            } catch (Throwable t) {
                log.error("the error handler failed on {} {} while handling {}", ctx.method(), ctx.path(), e, t);
                try {
                    ctx.status(500).result("{\"error\":\"internal\",\"message\":\"internal error\"}");
                } catch (Throwable ignored) {
                    // the response is gone (committed or closed): nothing more to say to this client
                }
            }
        };
    }

    static void respond(Context ctx, int status, String code, String message) {
        ctx.status(status).json(new ApiError(code, message));
    }
}
