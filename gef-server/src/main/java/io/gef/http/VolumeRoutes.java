package io.gef.http;

import io.gef.volumes.VolumeSearch;
import io.gef.volumes.Volumes;
import io.javalin.Javalin;
import java.util.List;

/**
 * Managed volumes ({@link Volumes} decides who sees what: another user's volume answers 404). Examples:
 *
 * <pre>
 * curl -sX POST -H "$AUTH" -d '{"name":"inputs"}' http://localhost:8080/api/volumes
 * curl -s -H "$AUTH" -T big.bin http://localhost:8080/api/volumes/$VOL/files/data/big.bin
 * curl -s -H "$AUTH" --data-binary @in.tar.gz http://localhost:8080/api/volumes/$VOL/archive
 * curl -s -H "$AUTH" "http://localhost:8080/api/volumes?q=chapter&amp;made=user&amp;offset=0&amp;limit=20"
 * curl -s -H "$AUTH" "http://localhost:8080/api/volumes/$VOL/tree?path=data"
 * curl -s -H "$AUTH" -r 0-65535 "http://localhost:8080/api/volumes/$VOL/files/out.csv?preview=true"
 * curl -s -H "$AUTH" -r 0-99 http://localhost:8080/api/volumes/$VOL/files/data/big.bin
 * curl -s -H "$AUTH" "http://localhost:8080/api/volumes/$VOL/archive?format=tar.gz" -o vol.tar.gz
 * curl -sX POST -H "$AUTH" http://localhost:8080/api/volumes/$VOL/seal
 * curl -sX DELETE -H "$AUTH" http://localhost:8080/api/volumes/$VOL
 * </pre>
 */
final class VolumeRoutes {
    record CreateVolume(String name, String engine) {
    }

    record Page<T>(List<T> items, int offset, int limit, int total) {
    }

    private VolumeRoutes() {
    }

    static void register(Javalin app, Volumes volumes) {
        app.post("/api/volumes", ctx -> {
            CreateVolume body = ctx.bodyAsClass(CreateVolume.class);
            ctx.status(201).json(volumes.create(Requests.caller(ctx), body.name(), body.engine()));
        });
        app.get("/api/volumes", ctx -> {
            int offset = Requests.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = Requests.intQuery(ctx, "limit", 50, 1, 500);
            VolumeSearch.Found found = volumes.search(Requests.caller(ctx), new VolumeSearch(
                    "true".equals(ctx.queryParam("mine")), ctx.queryParam("q"),
                    VolumeSearch.MadeBy.parse(ctx.queryParam("made"))), offset, limit);
            ctx.json(new Page<>(found.items(), offset, limit, found.total()));
        });
        app.get("/api/volumes/{id}", ctx -> ctx.json(volumes.get(Requests.caller(ctx), ctx.pathParam("id"))));
        app.put("/api/volumes/{id}/files/<path>", ctx -> ctx.status(201).json(volumes.writeFile(
                Requests.caller(ctx), ctx.pathParam("id"), ctx.pathParam("path"), ctx.bodyInputStream(),
                ctx.req().getContentLengthLong())));
        app.get("/api/volumes/{id}/files/<path>", ctx -> FileDownload.send(ctx, volumes.openFile(
                Requests.caller(ctx), ctx.pathParam("id"), ctx.pathParam("path")),
                "true".equals(ctx.queryParam("preview"))));
        app.post("/api/volumes/{id}/archive", ctx -> ctx.status(201).json(volumes.unpackArchive(
                Requests.caller(ctx), ctx.pathParam("id"), ctx.queryParam("path"), ctx.bodyInputStream())));
        app.get("/api/volumes/{id}/archive", ctx -> {
            Volumes.Archive a = volumes.archive(Requests.caller(ctx), ctx.pathParam("id"), ctx.queryParam("path"),
                    ctx.queryParam("format"));
            ctx.res().setContentType(a.contentType());
            ctx.header("Content-Disposition", "attachment; filename=\"" + a.fileName() + "\"");
            a.body().writeTo(ctx.res().getOutputStream());
        });
        app.get("/api/volumes/{id}/tree", ctx -> ctx.json(volumes.tree(Requests.caller(ctx), ctx.pathParam("id"),
                ctx.queryParam("path"))));
        app.post("/api/volumes/{id}/seal", ctx -> ctx.json(volumes.seal(Requests.caller(ctx), ctx.pathParam("id"))));
        app.delete("/api/volumes/{id}", ctx -> {
            volumes.delete(Requests.caller(ctx), ctx.pathParam("id"));
            ctx.status(204);
        });
    }
}
