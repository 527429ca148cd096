package io.gef.http;

import io.gef.backup.Backup;
import io.javalin.Javalin;

/**
 * {@code POST /api/admin/backup[?volumes=true]}: the server's state as one tar, taken while it runs (admins).
 * {@code ./gef backup DIR} calls it.
 *
 * <pre>curl -X POST -H "Authorization: Bearer $ADMIN" http://127.0.0.1:8080/api/admin/backup -o gef-backup.tar</pre>
 */
final class BackupRoutes {
    private BackupRoutes() {
    }

    static void register(Javalin app, Backup backup) {
        app.post("/api/admin/backup", ctx -> {
            var caller = Requests.caller(ctx);
            boolean volumes = "true".equals(ctx.queryParam("volumes"));
            ctx.contentType("application/x-tar");
            ctx.header("Content-Disposition", "attachment; filename=\"gef-backup.tar\"");
            backup.write(caller, volumes, ctx.res().getOutputStream());
        });
    }
}
