package io.gef.http;

import com.fasterxml.jackson.core.JacksonException;
import io.gef.config.ConfigException;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.policy.PolicyException;
import io.gef.registry.RegistryException;
import io.javalin.Javalin;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers. A {@link GefException} keeps its code (which fixes the
 * status), text and details; the failures of lower layers that can reach a route (registry, policy file,
 * configuration) are first {@link #translate translated} into one, never sending their internal message; anything
 * else, a database failure included, becomes a generic 500 whose details go only to the log, under an id the client
 * can quote.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static void install(Javalin app) {
        install(app, e -> { });
    }

    /** {@code answered} hears every GefException sent to a client (metrics count the policy's refusals). */
    static void install(Javalin app, java.util.function.Consumer<GefException> answered) {
        app.exception(GefException.class, guarded((e, ctx) -> {
            answered.accept(e);
            answer(ctx, e);
        }));
        app.exception(JacksonException.class, guarded((e, ctx) -> answer(ctx, new GefException(ErrorCode.BAD_JSON,
                "request body is not valid JSON for this endpoint: " + e.getOriginalMessage()))));
        app.exception(ContentTooLargeResponse.class, guarded((e, ctx) -> respond(ctx, ErrorCode.TOO_LARGE,
                "request body is larger than this endpoint accepts")));
        app.exception(HttpResponseException.class, guarded((e, ctx) -> {
            if (e.getStatus() == 413) {
                respond(ctx, ErrorCode.TOO_LARGE, "request body is larger than this endpoint accepts");
                return;
            }
            String code = HttpStatus.forStatus(e.getStatus()).name().toLowerCase(Locale.ROOT);
            ctx.status(e.getStatus()).json(new ApiError(code, e.getMessage(), RequestContext.id(ctx)));
        }));
        // the server is stopping and interrupts what still runs, such as a live stream: not a failure to report
        app.exception(InterruptedException.class, guarded((e, ctx) -> {
            Thread.currentThread().interrupt();
            log.debug("{} {} interrupted (server stopping)", ctx.method(), ctx.path());
            if (!ctx.res().isCommitted()) {
                respond(ctx, ErrorCode.UNAVAILABLE, "the server is stopping; try again shortly");
            }
        }));
        app.exception(Exception.class, guarded((e, ctx) -> {
            GefException known = translate(e);
            if (known != null) {
                answer(ctx, known);
                return;
            }
            String id = RequestContext.id(ctx);
            log.error("unexpected failure {} on {} {}", id, ctx.method(), ctx.path(), e);
            respond(ctx, ErrorCode.INTERNAL, "internal error (reference " + id + "); see the server log");
        }));
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                respond(ctx, ErrorCode.NOT_FOUND, "no such resource: " + ctx.path());
            }
        });
        app.error(405, ctx -> respond(ctx, ErrorCode.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on "
                + ctx.path()));
    }

    /**
     * What a lower layer's failure means to a client, or null when it means nothing to them (a generic 500). The
     * original stays the cause, for the log; its message, which may hold URLs, paths or file contents, is not sent.
     */
    static GefException translate(Exception e) {
        return switch (e) {
            case GefException known -> known;
            case RegistryException r when r.notFound() -> new GefException(ErrorCode.IMAGE_NOT_FOUND,
                    "the registry has no such image", r);
            case RegistryException r -> new GefException(ErrorCode.REGISTRY_UNAVAILABLE,
                    "the trusted registry cannot be reached or answered unexpectedly; try again shortly", r);
            case PolicyException p -> new GefException(ErrorCode.POLICY_INVALID,
                    "the registry policy cannot be used; an administrator must fix the policy file", p);
            case ConfigException c -> new GefException(ErrorCode.CONFIG_INVALID,
                    "the server's configuration does not allow this; see the server log", c);
            default -> null;
        };
    }

    private static void answer(Context ctx, GefException e) {
        if (e.getCause() != null) {
            log.info("{} {} -> {} {}", ctx.method(), ctx.path(), e.status(), e.getMessage(), e.getCause());
        }
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\""
                    + e.getMessage().replace("\"", "'") + "\"");
        }
        if (e.details().isEmpty()) {
            respond(ctx, e.code(), e.getMessage());
        } else {
            java.util.Map<String, Object> body = e.body();
            body.put("requestId", RequestContext.id(ctx));
            ctx.status(e.status()).json(body);
        }
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
                    ctx.status(500).result("{\"error\":\"internal\",\"message\":\"internal error\",\"requestId\":\""
                            + RequestContext.id(ctx) + "\"}");
                } catch (Throwable ignored) {
                    // the response is gone (committed or closed): nothing more to say to this client
                }
            }
        };
    }

    static void respond(Context ctx, ErrorCode code, String message) {
        ctx.status(code.status()).json(new ApiError(code.id(), message, RequestContext.id(ctx)));
    }
}
