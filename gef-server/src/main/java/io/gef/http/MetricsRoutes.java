package io.gef.http;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.metrics.Metrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the Prometheus text format. Scraping needs the metrics token ({@code gef.metrics.token}
 * as a bearer token) or, when {@code gef.metrics.allow-loopback} is true, a connection from this machine.
 *
 * <pre>curl -s -H "Authorization: Bearer $METRICS_TOKEN" http://127.0.0.1:8080/metrics</pre>
 */
final class MetricsRoutes {
    /** Who may scrape: a token (empty: none) and whether loopback connections need none. */
    record Access(String token, boolean allowLoopback) {
        boolean allows(String authorization, String ip) {
            if (allowLoopback && loopback(ip)) {
                return true;
            }
            return token != null && !token.isEmpty() && authorization != null && MessageDigest.isEqual(
                    ("Bearer " + token).getBytes(StandardCharsets.UTF_8),
                    authorization.getBytes(StandardCharsets.UTF_8));
        }

        private static boolean loopback(String ip) {
            try {
                return InetAddress.getByName(ip).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    private MetricsRoutes() {
    }

    static void register(Javalin app, Metrics metrics, Access access) {
        app.get("/metrics", ctx -> scrape(ctx, metrics, access));
    }

    private static void scrape(Context ctx, Metrics metrics, Access access) {
        if (!access.allows(ctx.header("Authorization"), ctx.req().getRemoteAddr())) {
            throw new GefException(ErrorCode.UNAUTHORIZED, "scraping /metrics needs the metrics token"
                    + " (gef.metrics.token) as a bearer token");
        }
        ctx.contentType(metrics.contentType()).result(metrics.scrape());
    }
}
