package io.gef.http;

import io.gef.metrics.Metrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every request carries besides its own content: a request id (taken from a sane {@code X-Request-Id}, else
 * new) returned in the {@code X-Request-Id} header and in every error body, put in the log context (MDC) with the
 * user and job id so each log line of the request can be found; one access-log line and one metrics sample per
 * request, labelled by route template.
 */
final class RequestContext {
    static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "gef.requestId";
    private static final Logger access = LoggerFactory.getLogger("gef.access");
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestContext() {
    }

    /** Registered before every other filter, so even a 401 carries the id. */
    static void install(Javalin app) {
        app.before(ctx -> {
            MDC.clear(); // a pooled thread must not carry the previous request's user into this one
            String given = ctx.header(HEADER);
            String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
            ctx.attribute(ATTRIBUTE, id);
            ctx.header(HEADER, id);
            MDC.put("requestId", id);
        });
    }

    static String id(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    /** Called by Javalin's request logger once the answer is sent. */
    static void finished(Context ctx, float ms, Metrics metrics) {
        String route = route(ctx);
        int status = ctx.statusCode();
        metrics.httpRequest(ctx.method().name(), route, status, Duration.ofNanos((long) (ms * 1_000_000)));
        if ("GET".equals(ctx.method().name()) && status / 100 == 2
                && (route.endsWith("/files/<path>") || route.endsWith("/archive"))) {
            String length = ctx.res().getHeader("Content-Length");
            metrics.downloaded(length == null ? 0 : Long.parseLong(length));
        }
        try {
            String job = route.startsWith("/api/jobs/{id}") ? ctx.pathParam("id") : null;
            if (job != null) {
                MDC.put("jobId", job);
            }
            MDC.put("method", ctx.method().name());
            MDC.put("path", ctx.path());
            MDC.put("route", route);
            MDC.put("status", Integer.toString(status));
            MDC.put("ms", Long.toString((long) ms));
            access.info("{} {} -> {} in {} ms", ctx.method(), ctx.path(), status, (long) ms);
        } finally {
            MDC.clear();
        }
    }

    /** The matched route template; static GUI files and unmatched paths share one label each. */
    static String route(Context ctx) {
        String template;
        try {
            template = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            template = null;
        }
        if (template == null || template.isEmpty() || template.equals("*")) {
            return ctx.path().startsWith("/api/") ? "unmatched" : "static";
        }
        return template;
    }
}
