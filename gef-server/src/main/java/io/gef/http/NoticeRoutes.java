package io.gef.http;

import io.gef.notices.Notices;
import io.javalin.Javalin;
import java.util.Map;

/**
 * {@code GET /api/notices?limit=N} (admins only; others get 403 {@code role_required}): what the server did on
 * its own that an admin must hear about, newest first (e.g. a container stopped because no job owned it).
 *
 * <pre>curl -s -H "Authorization: Bearer $(cat var/admin.token)" http://localhost:8080/api/notices</pre>
 */
final class NoticeRoutes {
    private NoticeRoutes() {
    }

    static void register(Javalin app, Notices notices) {
        app.get("/api/notices", ctx -> ctx.json(Map.of("notices", notices.list(Requests.caller(ctx),
                Requests.intQuery(ctx, "limit", 100, 1, 500)))));
    }
}
