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
import io.gef.engine.SwarmPool;
import io.gef.http.HttpApp;
import io.gef.http.Https;
import io.gef.jobs.FetchRules;
import io.gef.jobs.Job;
import io.gef.jobs.JobEngine;
import io.gef.jobs.JobFinishedStep;
import io.gef.jobs.Jobs;
import io.gef.jobs.PolicyCheck;
import io.gef.pipelines.Pipelines;
import io.gef.metrics.EngineGauges;
import io.gef.metrics.EngineLoadHistory;
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
import io.gef.volumes.store.EngineVolumeStore;
import io.gef.volumes.store.RemoteFiles;
import io.gef.volumes.PlacedVolumeStore;
import io.gef.engine.EngineVolumeFiles;
import java.util.Map;
import io.gef.volumes.store.Quota;
import io.gef.tes.ImageMirror;
import io.gef.tes.Tes;
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
import java.util.function.Supplier;
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
    private final List<SwarmPool> swarmPools = new ArrayList<>();
    private Jobs jobs;
    private Pipelines pipelines;
    private EngineLoadHistory engineLoad;
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
        var registry = new RegistryClient(ConfigParts.registryUrl(config), config.optional("gef.registry.username"),
                config.optional("gef.registry.password"), runnerSettings.registryTokens());
        var health = new HealthCheck(List.of(engine), registry, db.dataSource());
        metrics = Metrics.create().bindPool(db.dataSource()).bindDatabase(db.dataSource());
        List<ContainerRunner> runners = new ArrayList<>();
        for (int i = 0; i < engineSettings.size(); i++) {
            runners.add(new ContainerRunner(i == 0 ? engine : others.get(i - 1), runnerSettings, clock));
        }
        var quota = new Quota(config.getLong("gef.volumes.quota-bytes"), config.getLong("gef.volumes.quota-files"));
        Map<String, RemoteFiles> remote = remoteFiles(engineSettings, runners);
        var volumes = new Volumes(new PlacedVolumeStore(LocalVolumeStore.open(data.resolve("volumes"), sharing,
                quota, clock), remote.values().stream().map(f -> EngineVolumeStore.open(
                        data.resolve("engine-volumes").resolve(f.engine()), f, quota, clock)).toList()),
                DatasetStore.open(data.resolve("datasets"), engineNames, remote, clock), remote,
                VolumeUsage.of(Jobs.volumesInUse(db.dataSource()), Jobs.volumesBeingWritten(db.dataSource())),
                db.dataSource(), clock);

        Auth auth = Auth.create(db.dataSource(), data, new Auth.Settings(config.get("gef.auth.mode"),
                config.get("gef.auth.issuer"), config.get("gef.auth.audience"),
                config.getInt("gef.auth.failed-per-minute"), config.getInt("gef.auth.tokens-per-minute"),
                config.get("gef.http.host"), OidcSettings.fromConfig(config)), clock).bootstrap();

        PolicyService policy = PolicyService.load(config.optional("gef.policy.file").map(Path::of),
                auth.keys().publicKey(), registry);
        services = Services.create(db.dataSource(), engine.client(), registry, config.get("gef.registry.namespace"),
                policy, auth.keys().pair(), data.resolve("builds"), clock, ConfigParts.buildLimits(config)).start();

        PolicyCheck policyCheck = (image, res) -> JsonCodec.tree(policy.require(image, Stage.SUBMIT,
                new ResourceRequest(res.memoryMb(), res.cpus(), res.timeoutSeconds(), false)));
        List<Engines.Entry> entries = new ArrayList<>();
        List<JobEngine> jobEngines = new ArrayList<>();
        List<Supplier<EngineGauges.Engine>> gauges = new ArrayList<>();
        for (int i = 0; i < engineSettings.size(); i++) {
            EngineSettings es = engineSettings.get(i);
            DockerEngine de = i == 0 ? engine : others.get(i - 1);
            var runner = runners.get(i);
            int capacity = es.maxConcurrentJobs() > 0 ? es.maxConcurrentJobs() : de.cpus().orElse(1);
            entries.add(new Engines.Entry(runner, es, capacity));
            jobEngines.add(new JobEngine(runner, capacity, es.sharesServerFiles()));
            gauges.add(() -> new EngineGauges.Engine(es.name(), de.status().reachable(), capacity));
        }
        var notices = new Notices(db.dataSource(), clock);
        SwarmStart.checkSharedDisk(entries, data, registry, runnerSettings.registryHost(),
                config.get("gef.registry.namespace"), notices);
        jobs = Jobs.create(db.dataSource(), data.resolve("jobs"), clock, new Jobs.Settings(engine.name(),
                        config.getInt("gef.jobs.concurrency"), new Resources(null, null, null),
                        ConfigParts.fetchRules(config), config.getLong("gef.jobs.max-log-bytes")),
                new Jobs.Limits(config.getInt("gef.jobs.max-running-per-user"),
                        config.getInt("gef.jobs.max-queued-per-user"),
                        Duration.ofSeconds(config.getLong("gef.engine.health-interval-seconds")),
                        Duration.ofSeconds(config.getLong("gef.engine.resume-grace-seconds")),
                        config.getBool("gef.engine.copy-inputs"),
                        Duration.ofSeconds(config.getLong("gef.engine.copy-after-seconds"))),
                services.catalog(), volumes, policyCheck, jobEngines, Sandbox.fromConfig(config));
        var engineStatus = engine.status();
        var provenance = new Provenance(db.dataSource(), volumes, jobs.service(), registry,
                auth.keys().privateKey(), auth.keys().keyId(), auth.keys().publicKey(), engine.name(),
                engineStatus.version(), ConfigParts.hostName(), clock);
        JobPhases phases = metrics.jobPhases(db.dataSource());
        // the statement is signed before the end is stored and written with it; the job is counted once, after
        jobs.onFinished(new JobFinishedStep() {
            @Override
            public Write prepare(Job ended) {
                return provenance.prepare(ended);
            }

            @Override
            public void after(Job ended) {
                phases.record(ended);
            }
        });
        metrics.bindEngines(() -> gauges.stream().map(Supplier::get).toList());
        Tes tes = new Tes(jobs.service(), volumes, registry, ConfigParts.tesAllowedDirs(config));
        jobs.deliverOutputsWith(tes.delivery()); // before start: resumed TES tasks deliver too
        engineLoad = new EngineLoadHistory(jobs::running, jobs::queued, entries.stream().collect(
                java.util.stream.Collectors.toMap(e -> e.runner().engineName(), Engines.Entry::capacity, (a, b) -> a,
                        java.util.LinkedHashMap::new)), clock);
        metrics.bindEngineLoad(engineLoad);
        jobs.start();
        engineLoad.start(Duration.ofSeconds(5));
        swarmPools.addAll(SwarmStart.pools(entries, jobs::waitingByEngine, data, registry,
                runnerSettings.registryHost(), config.get("gef.registry.namespace"), notices, clock));
        pipelines = Pipelines.create(db.dataSource(), jobs.service(), services.catalog(), policyCheck, volumes,
                provenance.forPipelines(), clock).start();

        http = HttpApp.create(new HttpApp.ApiServices(health, auth.authenticator(), auth, policy, services, volumes,
                volumes.datasets(), jobs.service(), provenance, new Engines(entries, jobs::waitingByEngine),
                new Notices(db.dataSource(), clock), pipelines, new AuditLog(db.dataSource(), clock),
                tes,
                new ImageMirror(registry, auth.keys().pair(), new AuditLog(db.dataSource(), clock))),
                config.getLong("gef.http.max-body-bytes"), new HttpApp.Operations(metrics,
                        config.get("gef.metrics.token"), config.getBool("gef.metrics.allow-loopback"),
                        new Backup(db.dataSource(), data, config.optional("gef.policy.file").map(Path::of),
                                config.optional("gef.backup.registry-dir").map(Path::of)), ConfigParts.https(config)));
        http.start(config.get("gef.http.host"), config.getInt("gef.http.port"));
        log.info("GEF listening on {}://{}:{}/ (data under {})", ConfigParts.https(config).isPresent() ? "https" : "http",
                config.get("gef.http.host"), port(), data);
        return this;
    }

    /**
     * File access to the hosts of engines that do not share the server's files, through their API: their volumes
     * and datasets live there. Helpers run the base image of the trusted registry.
     */
    private Map<String, RemoteFiles> remoteFiles(List<EngineSettings> settings, List<ContainerRunner> runners) {
        String helperImage = config.get("gef.registry.url").replaceFirst("^[a-z]+://", "").replaceAll("/+$", "")
                + "/gef/base:1";
        Map<String, RemoteFiles> out = new java.util.LinkedHashMap<>();
        for (int i = 1; i < settings.size(); i++) {
            if (!settings.get(i).sharesServerFiles()) {
                out.put(settings.get(i).name(), new EngineVolumeFiles(runners.get(i), others.get(i - 1), helperImage));
            }
        }
        return out;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return http.port();
    }

    /** The routes the HTTP app serves, "METHOD /path" (HttpApp.routeTable). */
    public List<String> routes() {
        return HttpApp.routeTable(http);
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
        swarmPools.forEach(SwarmPool::close);
        if (http != null) {
            http.stop();
        }
        if (pipelines != null) {
            pipelines.close();
        }
        if (engineLoad != null) {
            engineLoad.close();
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
