package io.gef.http;

import io.gef.server.HealthCheck;
import io.gef.server.HealthReport;
import io.javalin.Javalin;

/**
 * {@code GET /api/health}: 200 when every engine and the registry answer, 503 "degraded" naming the failing part.
 *
 * <pre>curl -s http://localhost:8080/api/health</pre>
 */
final class HealthRoutes {
    private HealthRoutes() {
    }

    static void register(Javalin app, HealthCheck health) {
        app.get("/api/health", ctx -> {
            HealthReport r = health.check();
            ctx.status(r.ok() ? 200 : 503).json(r);
        });
    }
}
