package io.gef.http;

import io.gef.volumes.Datasets;
import io.javalin.Javalin;

/**
 * Read-only datasets: admins register a directory on an engine's host; every authenticated user lists and reads
 * them. {@code hostPath} is shown to admins only.
 *
 * <pre>
 * curl -sX POST -H "$ADMIN" -d '{"name":"genomes","engine":"local","hostPath":"/srv/genomes","description":"hg38"}' \
 *      http://localhost:8080/api/datasets
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
        app.get("/api/datasets/{name}/files/<path>", ctx -> FileDownload.send(ctx, datasets.openFile(
                Requests.caller(ctx), ctx.pathParam("name"), ctx.pathParam("path"))));
    }
}
