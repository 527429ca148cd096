package io.gef.http;

import io.gef.auth.Role;
import io.gef.engine.Engines;
import io.gef.metrics.EngineLoadHistory;
import io.javalin.Javalin;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/engines} (admins only; others get 403 {@code role_required}): every engine with its version,
 * platform, capacity, this server's running jobs and labelled containers on it; and {@code loadHistory}: per minute
 * of the last hour (peaks, oldest first) each engine's jobs running and the server's jobs queued, for the engines
 * page's charts.
 *
 * <pre>curl -s -H "Authorization: Bearer $(cat var/admin.token)" http://localhost:8080/api/engines</pre>
 */
final class EngineRoutes {
    private EngineRoutes() {
    }

    static void register(Javalin app, Engines engines, Supplier<EngineLoadHistory.LastHour> load) {
        app.get("/api/engines", ctx -> {
            Requests.caller(ctx).require(Role.ADMIN);
            ctx.json(Map.of("engines", engines.describe(), "loadHistory", load.get()));
        });
    }
}
