package io.gef.server;

import io.gef.audit.AuditLog;
import io.gef.auth.Auth;
import io.gef.auth.OidcSettings;
import io.gef.config.ConfigException;
import io.gef.backup.Backup;
import io.gef.config.GefConfig;
import io.gef.engine.DockerEngine;
import io.gef.engine.ContainerRunner;
import io.gef.engine.EngineSettings;
import io.gef.engine.Engines;
import io.gef.engine.RunnerSettings;
import io.gef.engine.Sandbox;
import io.gef.http.HttpApp;
import io.gef.http.Https;
import io.gef.jobs.FetchRules;
import io.gef.jobs.JobEngine;
import io.gef.jobs.Jobs;
import io.gef.jobs.PolicyCheck;
import io.gef.pipelines.Pipelines;
import io.gef.metrics.EngineGauges;
import io.gef.metrics.JobPhases;
import io.gef.metrics.Metrics;
import io.gef.jobs.Resources;
import io.gef.notices.Notices;
import io.gef.services.BuildLimits;
import io.gef.services.Services;
import io.gef.policy.ResourceRequest;
import io.gef.policy.Stage;
import io.gef.store.JsonCodec;
import io.gef.policy.PolicyService;
import io.gef.provenance.Provenance;
import io.gef.registry.RegistryClient;
import io.gef.store.Database;
import io.gef.volumes.VolumeUsage;
import io.gef.volumes.Volumes;
import io.gef.volumes.store.DatasetStore;
import io.gef.volumes.store.LocalVolumeStore;
import io.gef.volumes.store.Quota;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every collaborator from the configuration, starts them in order and stops them in
 * reverse. Nothing here does work in a constructor; {@link #start()} is the one start-up step.
 */
public final class Gef implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gef.class);
    private final GefConfig config;
    private final Clock clock;
    private Database db;
    private DockerEngine engine;
    private final List<DockerEngine> others = new ArrayList<>();
    private Jobs jobs;
    private Pipelines pipelines;
    private Services services;
    private Javalin http;
    private Metrics metrics;

    public Gef(GefConfig config) {
        this(config, Clock.systemUTC());
    }

    public Gef(GefConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public Gef start() {
        Path data = config.dataDir();
        createDirs(data, data.resolve("db"));
        db = Database.open(data.resolve("db")).migrate();
        List<EngineSettings> engineSettings = EngineSettings.fromConfig(config); // fails naming the bad key
        engine = new DockerEngine(engineSettings.getFirst());
        engineSettings.stream().skip(1).forEach(e -> others.add(new DockerEngine(e)));
        Set<String> sharing = engineSettings.stream().filter(EngineSettings::sharesServerFiles)
                .map(EngineSettings::name).collect(Collectors.toSet());
        Set<String> engineNames = engineSettings.stream().map(EngineSettings::name).collect(Collectors.toSet());
        RunnerSettings runnerSettings = RunnerSettings.fromConfig(config);
        var registry = new RegistryClient(registryUrl(config), config.optional("gef.registry.username"),
                config.optional("gef.registry.password"), runnerSettings.registryTokens());
        var health = new HealthCheck(List.of(engine), registry, db.dataSource());
        metrics = Metrics.create().bindPool(db.dataSource()).bindDatabase(db.dataSource());
        var volumes = new Volumes(LocalVolumeStore.open(data.resolve("volumes"), sharing,
                new Quota(config.getLong("gef.volumes.quota-bytes"), config.getLong("gef.volumes.quota-files")),
                clock), DatasetStore.open(data.resolve("datasets"), engineNames, clock),
                VolumeUsage.of(Jobs.volumesInUse(db.dataSource()), Jobs.volumesBeingWritten(db.dataSource())),
                db.dataSource(), clock);

        Auth auth = Auth.create(db.dataSource(), data, new Auth.Settings(config.get("gef.auth.mode"),
                config.get("gef.auth.issuer"), config.get("gef.auth.audience"),
                config.getInt("gef.auth.failed-per-minute"), config.getInt("gef.auth.tokens-per-minute"),
                config.get("gef.http.host"), OidcSettings.fromConfig(config)), clock).bootstrap();

        PolicyService policy = PolicyService.load(config.optional("gef.policy.file").map(Path::of),
                auth.keys().publicKey(), registry);
        services = Services.create(db.dataSource(), engine.client(), registry, config.get("gef.registry.namespace"),
                policy, auth.keys().privateKey(), data.resolve("builds"), clock, buildLimits(config)).start();

        PolicyCheck policyCheck = (image, res) -> JsonCodec.tree(policy.require(image, Stage.SUBMIT,
                new ResourceRequest(res.memoryMb(), res.cpus(), res.timeoutSeconds(), false)));
        List<Engines.Entry> entries = new ArrayList<>();
        List<JobEngine> jobEngines = new ArrayList<>();
        List<java.util.function.Supplier<EngineGauges.Engine>> gauges = new ArrayList<>();
        for (int i = 0; i < engineSettings.size(); i++) {
            EngineSettings es = engineSettings.get(i);
            DockerEngine de = i == 0 ? engine : others.get(i - 1);
            var runner = new ContainerRunner(de, runnerSettings, clock);
            int capacity = es.maxConcurrentJobs() > 0 ? es.maxConcurrentJobs() : de.cpus().orElse(1);
            entries.add(new Engines.Entry(runner, es, capacity));
            jobEngines.add(new JobEngine(runner, capacity, es.sharesServerFiles()));
            gauges.add(() -> new EngineGauges.Engine(es.name(), de.status().reachable(), capacity));
        }
        jobs = Jobs.create(db.dataSource(), data.resolve("jobs"), clock, new Jobs.Settings(engine.name(),
                        config.getInt("gef.jobs.concurrency"), new Resources(null, null, null),
                        fetchRules(config), config.getLong("gef.jobs.max-log-bytes")),
                new Jobs.Limits(config.getInt("gef.jobs.max-running-per-user"),
                        config.getInt("gef.jobs.max-queued-per-user"),
                        Duration.ofSeconds(config.getLong("gef.engine.health-interval-seconds")),
                        Duration.ofSeconds(config.getLong("gef.engine.resume-grace-seconds"))),
                services.catalog(), volumes, policyCheck, jobEngines, Sandbox.fromConfig(config));
        var engineStatus = engine.status();
        var provenance = new Provenance(db.dataSource(), volumes, jobs.service(), registry,
                auth.keys().privateKey(), auth.keys().keyId(), auth.keys().publicKey(), engine.name(),
                engineStatus.version(), hostName(), clock);
        JobPhases phases = metrics.jobPhases(db.dataSource());
        // provenance first: a failing signature is retried, and the job is counted once, when it succeeded
        jobs.onFinished(job -> {
            provenance.record(job);
            phases.record(job);
        });
        metrics.bindEngines(() -> gauges.stream().map(java.util.function.Supplier::get).toList());
        jobs.start();
        pipelines = Pipelines.create(db.dataSource(), jobs.service(), services.catalog(), policyCheck, volumes,
                provenance.forPipelines(), clock).start();

        http = HttpApp.create(new HttpApp.ApiServices(health, auth.authenticator(), auth, policy, services, volumes,
                volumes.datasets(), jobs.service(), provenance, new Engines(entries, jobs::waitingByEngine),
                new Notices(db.dataSource(), clock), pipelines, new AuditLog(db.dataSource(), clock)),
                config.getLong("gef.http.max-body-bytes"), new HttpApp.Operations(metrics,
                        config.get("gef.metrics.token"), config.getBool("gef.metrics.allow-loopback"),
                        new Backup(db.dataSource(), data, config.optional("gef.policy.file").map(Path::of),
                                config.optional("gef.backup.registry-dir").map(Path::of)), https(config)));
        http.start(config.get("gef.http.host"), config.getInt("gef.http.port"));
        log.info("GEF listening on {}://{}:{}/ (data under {})", https(config).isPresent() ? "https" : "http",
                config.get("gef.http.host"), port(), data);
        return this;
    }

    private static FetchRules fetchRules(GefConfig config) {
        try {
            return FetchRules.of(config.get("gef.fetch.http-hosts"), config.get("gef.fetch.allow-networks"),
                    config.get("gef.fetch.trust-pem"), config.getLong("gef.jobs.max-url-bytes"),
                    config.getLong("gef.fetch.timeout-seconds"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("gef.fetch.*: " + e.getMessage());
        }
    }

    /** HTTPS when {@code gef.http.tls-cert} and {@code gef.http.tls-key} are set (both or neither). */
    private static java.util.Optional<Https> https(GefConfig config) {
        var cert = config.optional("gef.http.tls-cert");
        var key = config.optional("gef.http.tls-key");
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException("gef.http.tls-cert and gef.http.tls-key are set together");
        }
        return cert.map(c -> new Https(Path.of(c), Path.of(key.get()), config.get("gef.http.host"),
                config.getInt("gef.http.port")));
    }

    private static BuildLimits buildLimits(GefConfig config) {
        try {
            return new BuildLimits(config.get("gef.build.network"), config.getLong("gef.build.memory-mb"),
                    config.getInt("gef.build.cpus"), Duration.ofSeconds(config.getLong("gef.build.timeout-seconds")),
                    config.getLong("gef.build.max-context-bytes"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Plain http only to a registry on loopback: elsewhere its tokens and images would cross the network bare. */
    private static String registryUrl(GefConfig config) {
        String url = config.get("gef.registry.url");
        String host = java.net.URI.create(url).getHost();
        if (url.startsWith("http://") && !(host != null && (host.equals("localhost") || host.startsWith("127.")
                || host.equals("[::1]") || host.equals("::1")))) {
            throw new ConfigException("gef.registry.url " + url + " is plain http to a registry that is not on"
                    + " loopback: give it TLS and an https:// URL (docs/security.md)");
        }
        return url;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return http.port();
    }

    /** The routes the HTTP app serves, "METHOD /path" (HttpApp.routeTable). */
    public List<String> routes() {
        return HttpApp.routeTable(http);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void createDirs(Path... dirs) {
        for (Path d : dirs) {
            try {
                Files.createDirectories(d);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory " + d, e);
            }
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();
        }
        if (pipelines != null) {
            pipelines.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        if (services != null) {
            services.close();
        }
        if (engine != null) {
            engine.close();
        }
        others.forEach(DockerEngine::close);
        if (db != null) {
            db.close();
        }
    }
}
