package io.gef.http;

import io.gef.auth.Authenticator;
import io.gef.tes.ImageMirror;
import io.gef.tes.Tes;
import io.gef.tes.TesQuery;
import io.gef.tes.TesTask;
import io.gef.tes.TesView;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * GA4GH TES v1.1 under {@value #BASE} ({@code docs/tes.md}): the same bearer tokens as {@code /api}, except for
 * {@code service-info}, which anyone may read. Errors are GEF's JSON error bodies with the same statuses.
 *
 * <pre>
 * curl http://localhost:8080/ga4gh/tes/v1/service-info
 * curl -H "Authorization: Bearer $T" -d '{"executors":[{"image":"alpine","command":["echo","hello"]}]}' \
 *      http://localhost:8080/ga4gh/tes/v1/tasks                      # {"id":"job-…"}
 * curl -H "Authorization: Bearer $T" "http://localhost:8080/ga4gh/tes/v1/tasks/job-…?view=FULL"
 * curl -H "Authorization: Bearer $T" -X POST "http://localhost:8080/ga4gh/tes/v1/tasks/job-…:cancel"
 * curl -H "Authorization: Bearer $ADMIN" --data-binary @image.tar \
 *      "http://localhost:8080/api/admin/images/mirror?name=alpine:latest"
 * </pre>
 */
final class TesRoutes {
    static final String BASE = "/ga4gh/tes/v1";

    private TesRoutes() {
    }

    static void register(Javalin app, Tes tes, Authenticator authenticator) {
        app.before(BASE + "/*", ctx -> {
            if (!ctx.path().equals(BASE + "/service-info")) {
                var caller = authenticator.authenticate(ctx.header("Authorization"), ctx.ip()).at(ctx.ip());
                ctx.attribute(Requests.CALLER, caller);
                org.slf4j.MDC.put("userId", caller.id());
            }
        });
        app.get(BASE + "/service-info", ctx -> ctx.json(tes.serviceInfo()));
        app.post(BASE + "/tasks", ctx -> ctx.json(tes.create(Requests.caller(ctx),
                ctx.bodyAsClass(TesTask.class))));
        app.get(BASE + "/tasks", ctx -> ctx.json(tes.list(Requests.caller(ctx), query(ctx), view(ctx))));
        app.get(BASE + "/tasks/{id}", ctx -> ctx.json(tes.get(Requests.caller(ctx), ctx.pathParam("id"),
                view(ctx))));
        app.post(BASE + "/tasks/{id}:cancel", ctx -> {
            tes.cancel(Requests.caller(ctx), ctx.pathParam("id"));
            ctx.json(Map.of());
        });
    }

    static void registerMirror(Javalin app, ImageMirror mirror) {
        app.post("/api/admin/images/mirror", ctx -> ctx.status(201).json(mirror.mirror(Requests.caller(ctx),
                ctx.bodyInputStream(), ctx.queryParam("name"))));
    }

    private static TesView view(Context ctx) {
        return TesView.parse(ctx.queryParam("view"));
    }

    private static TesQuery query(Context ctx) {
        String size = ctx.queryParam("page_size");
        Integer pageSize;
        try {
            pageSize = size == null || size.isEmpty() ? null : Integer.valueOf(size);
        } catch (NumberFormatException e) {
            throw new io.gef.errors.GefException(io.gef.errors.ErrorCode.BAD_QUERY, "page_size must be a number");
        }
        return new TesQuery(ctx.queryParam("name_prefix"), ctx.queryParam("state"),
                ctx.queryParams("tag_key"), ctx.queryParams("tag_value"), pageSize, ctx.queryParam("page_token"));
    }
}
