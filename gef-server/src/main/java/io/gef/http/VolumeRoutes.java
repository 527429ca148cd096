package io.gef.http;

import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.volumes.ArchiveFormat;
import io.gef.volumes.Volume;
import io.gef.volumes.VolumeStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;

/**
 * Managed volumes. Non-admins see only their own; another user's volume answers 404. Examples:
 *
 * <pre>
 * curl -sX POST -H "$AUTH" -d '{"name":"inputs"}' http://localhost:8080/api/volumes
 * curl -s -H "$AUTH" -T big.bin http://localhost:8080/api/volumes/$VOL/files/data/big.bin
 * curl -s -H "$AUTH" --data-binary @in.tar.gz http://localhost:8080/api/volumes/$VOL/archive
 * curl -s -H "$AUTH" "http://localhost:8080/api/volumes/$VOL/tree?path=data"
 * curl -s -H "$AUTH" -r 0-99 http://localhost:8080/api/volumes/$VOL/files/data/big.bin
 * curl -s -H "$AUTH" "http://localhost:8080/api/volumes/$VOL/archive?format=tar.gz" -o vol.tar.gz
 * curl -sX POST -H "$AUTH" http://localhost:8080/api/volumes/$VOL/seal
 * curl -sX DELETE -H "$AUTH" http://localhost:8080/api/volumes/$VOL
 * </pre>
 */
final class VolumeRoutes {
    record CreateVolume(String name) {
    }

    record Page<T>(List<T> items, int offset, int limit) {
    }

    private VolumeRoutes() {
    }

    static void register(Javalin app, VolumeStore store) {
        app.post("/api/volumes", ctx -> {
            Caller c = Requests.caller(ctx);
            CreateVolume body = ctx.bodyAsClass(CreateVolume.class);
            ctx.status(201).json(store.create(c.id(), body.name()));
        });
        app.get("/api/volumes", ctx -> {
            Caller c = Requests.caller(ctx);
            int offset = Requests.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = Requests.intQuery(ctx, "limit", 50, 1, 500);
            boolean mine = !c.isAdmin() || "true".equals(ctx.queryParam("mine"));
            ctx.json(new Page<>(store.list(mine ? c.id() : null, offset, limit), offset, limit));
        });
        app.get("/api/volumes/{id}", ctx -> ctx.json(owned(ctx, store)));
        app.put("/api/volumes/{id}/files/<path>", ctx -> {
            Volume v = owned(ctx, store);
            ctx.status(201).json(store.writeFile(v.id(), ctx.pathParam("path"), ctx.bodyInputStream(),
                    ctx.req().getContentLengthLong()));
        });
        app.get("/api/volumes/{id}/files/<path>", ctx ->
                FileDownload.send(ctx, store.openFile(owned(ctx, store).id(), ctx.pathParam("path"))));
        app.post("/api/volumes/{id}/archive", ctx -> {
            Volume v = owned(ctx, store);
            ctx.status(201).json(store.unpackArchive(v.id(), ctx.queryParam("path"), ctx.bodyInputStream()));
        });
        app.get("/api/volumes/{id}/archive", ctx -> {
            Volume v = owned(ctx, store);
            ArchiveFormat f = ArchiveFormat.parse(ctx.queryParam("format"));
            String path = ctx.queryParam("path");
            store.requireFolder(v.id(), path);
            ctx.res().setContentType(f.contentType());
            ctx.header("Content-Disposition", "attachment; filename=\"" + v.id() + "." + f.wire() + "\"");
            store.writeArchive(v.id(), path, f, ctx.res().getOutputStream());
        });
        app.get("/api/volumes/{id}/tree", ctx ->
                ctx.json(store.tree(owned(ctx, store).id(), ctx.queryParam("path"))));
        app.post("/api/volumes/{id}/seal", ctx -> ctx.json(store.seal(owned(ctx, store).id())));
        app.delete("/api/volumes/{id}", ctx -> {
            store.delete(owned(ctx, store).id());
            ctx.status(204);
        });
    }

    /** The volume named in the path if the caller may see it; 404 otherwise, so ids cannot be probed. */
    private static Volume owned(Context ctx, VolumeStore store) {
        Caller c = Requests.caller(ctx);
        String id = ctx.pathParam("id");
        return store.find(id).filter(v -> c.canSee(v.ownerId()))
                .orElseThrow(() -> new GefException(ErrorCode.NOT_FOUND, "volume '" + id + "' not found"));
    }
}
