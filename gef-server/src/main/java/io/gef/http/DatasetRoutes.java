package io.gef.http;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.volumes.Dataset;
import io.gef.volumes.DatasetStore;
import io.javalin.Javalin;
import java.time.Instant;

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
    record RegisterDataset(String name, String engine, String hostPath, String description) {
    }

    record DatasetView(String name, String engine, String hostPath, String description, Instant registeredAt) {
        static DatasetView of(Dataset d, Caller c) {
            return new DatasetView(d.name(), d.engine(), c.isAdmin() ? d.hostPath() : null, d.description(),
                    d.registeredAt());
        }
    }

    private DatasetRoutes() {
    }

    static void register(Javalin app, DatasetStore store) {
        app.post("/api/datasets", ctx -> {
            Caller c = Requests.caller(ctx).require(Role.ADMIN);
            RegisterDataset b = ctx.bodyAsClass(RegisterDataset.class);
            ctx.status(201).json(DatasetView.of(
                    store.register(b.name(), b.engine(), b.hostPath(), b.description(), c.id()), c));
        });
        app.get("/api/datasets", ctx -> {
            Caller c = Requests.caller(ctx);
            ctx.json(store.list().stream().map(d -> DatasetView.of(d, c)).toList());
        });
        app.get("/api/datasets/{name}", ctx ->
                ctx.json(DatasetView.of(store.dataset(ctx.pathParam("name")), Requests.caller(ctx))));
        app.get("/api/datasets/{name}/tree", ctx -> {
            Requests.caller(ctx);
            ctx.json(store.tree(ctx.pathParam("name"), ctx.queryParam("path")));
        });
        app.get("/api/datasets/{name}/files/<path>", ctx -> {
            Requests.caller(ctx);
            FileDownload.send(ctx, store.openFile(ctx.pathParam("name"), ctx.pathParam("path")));
        });
    }
}
