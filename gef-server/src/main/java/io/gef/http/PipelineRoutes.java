package io.gef.http;

import io.gef.pipelines.PipelineRequest;
import io.gef.pipelines.Pipelines;
import io.gef.store.JsonCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Pipelines.
 *
 * <pre>
 * curl -H "Authorization: Bearer $T" -d '{"name":"diamond","steps":{"split":{"service":"sh","inputs":{"in":
 *      {"content":"a b"}},"parameters":{"script":"..."}},"count":{"service":"wordcount","inputs":{"text":
 *      {"step":"split","output":"out"}}}}}' http://localhost:8080/api/pipelines
 * curl -N -H "Authorization: Bearer $T" "http://localhost:8080/api/pipelines/pl-…?follow=true"
 * </pre>
 */
final class PipelineRoutes {
    private PipelineRoutes() {
    }

    static void register(Javalin app, Pipelines pipelines) {
        app.post("/api/pipelines", ctx -> ctx.status(201).json(
                pipelines.submit(Requests.caller(ctx), ctx.bodyAsClass(PipelineRequest.class))));
        app.get("/api/pipelines", ctx -> ctx.json(Map.of("items", pipelines.list(Requests.caller(ctx),
                Requests.intQuery(ctx, "limit", 50, 1, 500)))));
        app.get("/api/pipelines/{id}", ctx -> {
            if (SseStream.wanted(ctx)) {
                follow(ctx, pipelines);
            } else {
                ctx.json(pipelines.get(Requests.caller(ctx), ctx.pathParam("id")));
            }
        });
        app.post("/api/pipelines/{id}/cancel", ctx -> ctx.json(
                pipelines.cancel(Requests.caller(ctx), ctx.pathParam("id"))));
        app.post("/api/pipelines/{id}/replay", ctx -> ctx.status(201).json(
                pipelines.replay(Requests.caller(ctx), ctx.pathParam("id"))));
        app.get("/api/pipelines/{id}/provenance", ctx -> ctx.json(
                pipelines.envelope(Requests.caller(ctx), ctx.pathParam("id"))));
        app.get("/api/pipelines/{id}/crate", ctx -> {
            var caller = Requests.caller(ctx);
            String id = ctx.pathParam("id");
            pipelines.envelope(caller, id); // 404 before the zip starts
            ctx.contentType("application/zip");
            ctx.header("Content-Disposition", "attachment; filename=\"" + id + "-crate.zip\"");
            pipelines.crate(caller, id, ctx.res().getOutputStream());
        });
    }

    /** {@code pipeline} events (the whole pipeline) on each change, then {@code end} with its final state. */
    private static void follow(Context ctx, Pipelines pipelines) throws Exception {
        var caller = Requests.caller(ctx);
        String id = ctx.pathParam("id");
        pipelines.get(caller, id); // 404 before committing to a 200 stream
        SseStream sse = new SseStream(ctx);
        pipelines.follow(caller, id, p -> sse.send("pipeline", null, JsonCodec.write(p)));
        sse.send("end", null, JsonCodec.write(pipelines.get(caller, id).state()));
    }
}
