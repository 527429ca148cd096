package io.gef.http;

import io.gef.server.HealthCheck;
import io.gef.server.HealthReport;
import io.javalin.Javalin;
import java.util.Map;

/**
 * Health, public. {@code GET /api/health}: 200 when the database, every engine and the registry answer, 503
 * "degraded" naming the failing part, each part with its latency. {@code GET /api/health/live}: 200 while the
 * process serves requests. {@code GET /api/health/ready}: 200 when it can run jobs (database, registry and at
 * least one engine answer), else 503.
 *
 * <pre>curl -s http://localhost:8080/api/health/ready</pre>
 */
final class HealthRoutes {
    private HealthRoutes() {
    }

    static void register(Javalin app, HealthCheck health) {
        app.get("/api/health", ctx -> {
            HealthReport r = health.check();
            ctx.status(r.ok() ? 200 : 503).json(r);
        });
        app.get("/api/health/live", ctx -> ctx.json(Map.of("status", "live")));
        app.get("/api/health/ready", ctx -> {
            HealthReport r = health.check();
            ctx.status(r.ready() ? 200 : 503).json(r.ready() ? Map.of("status", "ready")
                    : Map.of("status", "not_ready", "health", r));
        });
    }
}
