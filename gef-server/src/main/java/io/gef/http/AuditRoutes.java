package io.gef.http;

import io.gef.audit.AuditLog;
import io.javalin.Javalin;
import java.util.Map;

/**
 * {@code GET /api/audit?limit=N&before=SEQ} (admins only; others get 403 {@code role_required}): who changed users,
 * tokens, datasets and grants, or published, when and from which address, newest first; {@code before} pages on.
 *
 * <pre>curl -s -H "Authorization: Bearer $(cat var/admin.token)" "http://localhost:8080/api/audit?limit=50"</pre>
 */
final class AuditRoutes {
    private AuditRoutes() {
    }

    static void register(Javalin app, AuditLog audit) {
        app.get("/api/audit", ctx -> {
            String before = ctx.queryParam("before");
            Long seq = before == null ? null : (long) Requests.intQuery(ctx, "before", 0, 0, Integer.MAX_VALUE);
            ctx.json(Map.of("entries", audit.list(Requests.caller(ctx), seq,
                    Requests.intQuery(ctx, "limit", 100, 1, 500))));
        });
    }
}
