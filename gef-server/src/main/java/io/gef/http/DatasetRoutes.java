package io.gef.http;

import io.gef.volumes.Datasets;
import io.javalin.Javalin;

/**
 * Read-only datasets: admins register a directory on an engine's host and grant it to users or roles; only those
 * list, read and mount it (others get 404). {@code hostPath} is shown to admins only.
 *
 * <pre>
 * curl -sX POST -H "$ADMIN" -d '{"name":"genomes","engine":"local","hostPath":"/srv/genomes","description":"hg38"}' \
 *      http://localhost:8080/api/datasets
 * curl -sX POST -H "$ADMIN" -d '{"user":"u-123"}' http://localhost:8080/api/datasets/genomes/grants   # or {"role":"user"}
 * curl -sX DELETE -H "$ADMIN" http://localhost:8080/api/datasets/genomes/grants/user:u-123
 * curl -s -H "$AUTH" http://localhost:8080/api/datasets
 * curl -s -H "$AUTH" "http://localhost:8080/api/datasets/genomes/tree?path=hg38"
 * curl -s -H "$AUTH" http://localhost:8080/api/datasets/genomes/files/hg38/chr1.fa -o chr1.fa
 * </pre>
 */
final class DatasetRoutes {
    private DatasetRoutes() {
    }

    static void register(Javalin app, Datasets datasets) {
        app.post("/api/datasets", ctx -> ctx.status(201).json(datasets.register(Requests.caller(ctx),
                ctx.bodyAsClass(Datasets.Registration.class))));
        app.get("/api/datasets", ctx -> ctx.json(datasets.list(Requests.caller(ctx))));
        app.get("/api/datasets/{name}", ctx -> ctx.json(datasets.get(Requests.caller(ctx), ctx.pathParam("name"))));
        app.get("/api/datasets/{name}/tree", ctx -> ctx.json(datasets.tree(Requests.caller(ctx),
                ctx.pathParam("name"), ctx.queryParam("path"))));
        app.post("/api/datasets/{name}/grants", ctx -> ctx.status(201).json(datasets.grant(Requests.caller(ctx),
                ctx.pathParam("name"), ctx.bodyAsClass(Datasets.GrantRequest.class))));
        app.get("/api/datasets/{name}/grants", ctx -> ctx.json(datasets.grants(Requests.caller(ctx),
                ctx.pathParam("name"))));
        app.delete("/api/datasets/{name}/grants/{grantee}", ctx -> {
            datasets.revoke(Requests.caller(ctx), ctx.pathParam("name"), ctx.pathParam("grantee"));
            ctx.status(204);
        });
        app.get("/api/datasets/{name}/files/<path>", ctx -> FileDownload.send(ctx, datasets.openFile(
                Requests.caller(ctx), ctx.pathParam("name"), ctx.pathParam("path"))));
    }
}
