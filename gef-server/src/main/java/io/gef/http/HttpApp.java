package io.gef.http;

import io.gef.audit.AuditLog;
import io.gef.auth.Auth;
import io.gef.auth.Authenticator;
import io.gef.backup.Backup;
import io.gef.engine.Engines;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.JobService;
import io.gef.metrics.Metrics;
import io.gef.policy.Decision;
import io.gef.notices.Notices;
import io.gef.pipelines.Pipelines;
import io.gef.policy.PolicyService;
import io.gef.provenance.Provenance;
import io.gef.services.Services;
import io.gef.server.HealthCheck;
import io.gef.volumes.Datasets;
import io.gef.volumes.Volumes;
import io.gef.tes.ImageMirror;
import io.gef.tes.Tes;
import java.util.Set;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;

/**
 * Builds the HTTP application from its collaborators. Handlers only translate HTTP to one domain call and back;
 * tests build the same app with {@link #create} and talk to it over a real socket.
 */
public final class HttpApp {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpApp.class);
    private HttpApp() {
    }

    public static Javalin create(ApiServices services, long maxBodyBytes) {
        return create(services, maxBodyBytes, Operations.defaults());
    }

    /**
     * What operators need besides the API (#21): the metrics registry and who may scrape it.
     *
     * @param metricsToken         bearer token that may scrape {@code /metrics}; empty: none
     * @param metricsAllowLoopback whether a scrape from this machine needs no token
     * @param backup               the online backup ({@code POST /api/admin/backup}); null leaves the route out
     * @param https                certificate and key when the server speaks HTTPS (then only HTTPS); empty: HTTP
     */
    public record Operations(Metrics metrics, String metricsToken, boolean metricsAllowLoopback, Backup backup,
                             java.util.Optional<Https> https) {
        public Operations(Metrics metrics, String metricsToken, boolean metricsAllowLoopback, Backup backup) {
            this(metrics, metricsToken, metricsAllowLoopback, backup, java.util.Optional.empty());
        }

        static Operations defaults() {
            return new Operations(Metrics.create(), "", true, null);
        }
    }

    public static Javalin create(ApiServices services, long maxBodyBytes, Operations ops) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.maxRequestSize = maxBodyBytes;
            config.http.defaultContentType = "application/json";
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonBadMessages()));
            // Jetty's per-connection header cache matches values ignoring case by default: a bearer token that
            // differs from an earlier request's only in the case of one letter was read as that earlier token
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            ops.https().ifPresent(h -> h.install(config));
            config.requestLogger.http((ctx, ms) -> {
                if (ctx.statusCode() >= 500) {
                    LOG.warn("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), ms.longValue());
                }
                RequestContext.finished(ctx, ms, ops.metrics());
            });
            ApiDocs.staticFiles(config);
            if (HttpApp.class.getResource("/gef-ui/index.html") != null) {
                config.staticFiles.add(sf -> {
                    sf.hostedPath = "/";
                    sf.directory = "/gef-ui";
                    sf.location = Location.CLASSPATH;
                    sf.headers = SecurityHeaders.ALL;
                });
            }
        });
        app.before(ctx -> SecurityHeaders.ALL.forEach(ctx::header));
        RequestContext.install(app);
        ErrorMapper.install(app, e -> countDenial(e, ops.metrics()));
        routes(app, services, ops);
        return app;
    }

    /** Paths under /api anyone may call; everything else under /api needs a bearer token. */
    private static final Set<String> PUBLIC = Set.of("/api/health", "/api/health/live", "/api/health/ready",
            "/api/keys", "/api/openapi.json", "/api/openapi.yaml");

    /** Every route of the API, in one list (the OpenAPI test enumerates them through this method). */
    static void routes(Javalin app, ApiServices s, Operations ops) {
        app.before("/api/*", ctx -> {
            if (!PUBLIC.contains(ctx.path())) {
                var caller = s.authenticator().authenticate(authorization(ctx), ctx.ip()).at(ctx.ip());
                ctx.attribute(Requests.CALLER, caller);
                org.slf4j.MDC.put("userId", caller.id());
            }
        });
        MetricsRoutes.register(app, ops.metrics(), new MetricsRoutes.Access(ops.metricsToken(),
                ops.metricsAllowLoopback()));
        ApiDocs.register(app);
        if (ops.backup() != null) {
            BackupRoutes.register(app, ops.backup());
        }
        HealthRoutes.register(app, s.health());
        if (s.auth() != null) {
            AuthRoutes.register(app, s.auth());
        }
        if (s.policy() != null) {
            PolicyRoutes.register(app, s.policy());
        }
        if (s.services() != null) {
            ServiceRoutes.register(app, s.services());
        }
        if (s.volumes() != null) {
            VolumeRoutes.register(app, s.volumes());
            DatasetRoutes.register(app, s.datasets());
        }
        if (s.jobs() != null) {
            JobRoutes.register(app, s.jobs());
        }
        if (s.provenance() != null) {
            ProvenanceRoutes.register(app, s.provenance());
        }
        if (s.engines() != null) {
            EngineRoutes.register(app, s.engines(), ops.metrics()::engineLoad);
        }
        if (s.notices() != null) {
            NoticeRoutes.register(app, s.notices());
        }
        if (s.pipelines() != null) {
            PipelineRoutes.register(app, s.pipelines());
        }
        if (s.audit() != null) {
            AuditRoutes.register(app, s.audit());
        }
        if (s.tes() != null) {
            TesRoutes.register(app, s.tes(), s.authenticator());
            TesRoutes.registerMirror(app, s.mirror());
        }
    }

    /**
     * The {@code Authorization} header; on the registry's token realm, whose clients (docker login, engines) send
     * Basic credentials, the password is read as the bearer token, so it passes the same checks.
     */
    private static String authorization(io.javalin.http.Context ctx) {
        String h = ctx.header("Authorization");
        if (h != null && ctx.path().equals("/api/registry/token") && h.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(java.util.Base64.getDecoder().decode(h.substring(6).trim()),
                        java.nio.charset.StandardCharsets.UTF_8);
                return "Bearer " + pair.substring(pair.indexOf(':') + 1);
            } catch (IllegalArgumentException e) {
                return h; // not base64: refused below like any malformed credential
            }
        }
        return h;
    }

    /**
     * Every endpoint of {@code app} as "METHOD /path/{param}" (Javalin's {@code <path>} written as OpenAPI's
     * {@code {path}}), for the test that holds the OpenAPI document to the real routes.
     */
    public static java.util.List<String> routeTable(Javalin app) {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream().map(e -> e.getEndpoint())
                .filter(e -> java.util.Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(e.getMethod().name()))
                .map(e -> e.getMethod().name() + " " + e.getPath().replace("<", "{").replace(">", "}"))
                .sorted().toList();
    }

    /** Each rule that refused a submission or publication, counted once per refusal. */
    private static void countDenial(GefException e, Metrics metrics) {
        if (e.code() == ErrorCode.POLICY_DENIED && e.details().get("decision") instanceof Decision d) {
            d.violations().forEach(v -> metrics.policyDenied(v.rule()));
        }
    }

    /** The domain collaborators the HTTP layer may call; a null one leaves its routes out (for focused tests). */
    public record ApiServices(HealthCheck health, Authenticator authenticator, Auth auth, PolicyService policy,
                              Services services, Volumes volumes, Datasets datasets, JobService jobs,
                              Provenance provenance, Engines engines, Notices notices, Pipelines pipelines,
                              AuditLog audit, Tes tes, ImageMirror mirror) {
        public ApiServices(HealthCheck health, Authenticator authenticator, Auth auth, PolicyService policy,
                           Services services, Volumes volumes, Datasets datasets, JobService jobs,
                           Provenance provenance, Engines engines, Notices notices, Pipelines pipelines,
                           AuditLog audit) {
            this(health, authenticator, auth, policy, services, volumes, datasets, jobs, provenance, engines, notices,
                    pipelines, audit, null, null);
        }

        public ApiServices(HealthCheck health, Authenticator authenticator, Auth auth, PolicyService policy,
                           Services services, Volumes volumes, Datasets datasets, JobService jobs,
                           Provenance provenance, Engines engines) {
            this(health, authenticator, auth, policy, services, volumes, datasets, jobs, provenance, engines, null,
                    null, null, null, null);
        }
    }
}
