package io.gef.http;

import io.gef.services.Contexts;
import io.gef.services.Services;
import io.gef.store.JsonCodec;
import io.javalin.Javalin;
import java.util.Map;

/**
 * The catalog and publishing.
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" "http://localhost:8080/api/services?q=count"
 * tar -C service-images/wordcount -c . | curl -H "Authorization: Bearer $T" -H 'Content-Type: application/x-tar' \
 *      --data-binary @- http://localhost:8080/api/services/builds
 * curl -H "Authorization: Bearer $T" -H 'Accept: text/event-stream' http://localhost:8080/api/services/builds/bld-…/log
 * curl -u "any:$T" "http://localhost:8080/api/registry/token?service=gef-registry&scope=repository:gef/sh:pull"
 * </pre>
 */
final class ServiceRoutes {
    private ServiceRoutes() {
    }

    static void register(Javalin app, Services services) {
        var catalog = services.catalog();
        var builds = services.builds();
        // the registry's realm: Basic credentials (password = a GEF token) are turned into the caller by HttpApp
        app.get("/api/registry/token", ctx -> ctx.json(services.registryPulls().pullToken(Requests.caller(ctx),
                ctx.queryParams("scope"))));
        app.get("/api/services", ctx -> ctx.json(Map.of("services", catalog.list(ctx.queryParam("q")))));
        app.get("/api/services/{name}", ctx -> ctx.json(Map.of("name", ctx.pathParam("name"),
                "versions", catalog.versions(ctx.pathParam("name")))));
        app.get("/api/services/{name}/versions/{version}", ctx -> ctx.json(
                catalog.version(ctx.pathParam("name"), ctx.pathParam("version"))));
        app.delete("/api/services/{name}/versions/{version}", ctx -> {
            catalog.deprecate(Requests.caller(ctx), ctx.pathParam("name"), ctx.pathParam("version"));
            ctx.status(204);
        });
        app.post("/api/services/builds", ctx -> {
            var caller = Requests.caller(ctx);
            if (ctx.isMultipartFormData()) {
                // loose files: the form field name, or the file name, is the path inside the context
                var files = ctx.uploadedFiles().stream().map(f -> new Contexts.UploadedFile(
                        f.filename(), f.content(), f.size())).toList();
                ctx.status(202).json(builds.submit(caller, Contexts.tar(files)));
            } else {
                ctx.status(202).json(builds.submit(caller, ctx.bodyInputStream()));
            }
        });
        app.get("/api/services/builds/{id}", ctx -> ctx.json(builds.get(Requests.caller(ctx), ctx.pathParam("id"))));
        app.get("/api/services/builds/{id}/log", ctx -> {
            var caller = Requests.caller(ctx);
            String id = ctx.pathParam("id");
            if (!SseStream.wanted(ctx)) {
                ctx.json(Map.of("lines", builds.log(caller, id)));
                return;
            }
            builds.get(caller, id);
            SseStream sse = new SseStream(ctx);
            builds.follow(caller, id, line -> sse.send("log", null, JsonCodec.write(line)));
            sse.send("end", null, JsonCodec.write(builds.get(caller, id)));
        });
    }
}
