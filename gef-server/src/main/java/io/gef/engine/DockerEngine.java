package io.gef.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Docker engine GEF runs jobs on. Holds a docker-java client; the job runtime lives next to it in this
 * package. Several engines are several instances, one per {@link EngineSettings}.
 */
public final class DockerEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DockerEngine.class);
    /** Upper bound of HTTP connections to the engine; the number of concurrent jobs must stay well below it. */
    public static final int MAX_CONNECTIONS = 512;
    /** Bound on a health probe: a frozen engine must not hold the dispatcher, /health or GET /api/engines. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** Bound on one short API call (create, start, inspect, kill, remove); streams and pulls have none. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private final String name;
    private final String host;
    private final DockerClient client;
    private final DockerClient calls;
    private final EngineHealth health = new EngineHealth();
    private final Optional<SwarmSettings> swarm;

    public DockerEngine(String name, String host) {
        this(name, host, Optional.empty(), Optional.empty());
    }

    /** An engine as configured: a {@code tcp://} endpoint with a TLS directory uses its client certificate. */
    public DockerEngine(EngineSettings settings) {
        this(settings.name(), settings.endpoint(), settings.tlsDir(), settings.swarm());
    }

    /** A swarm manager: jobs there become Swarm services (docs/swarm.md). */
    public static DockerEngine swarmManager(String name, String host, SwarmSettings settings) {
        return new DockerEngine(name, host, Optional.empty(), Optional.of(settings));
    }

    private DockerEngine(String name, String host, Optional<Path> tlsDir, Optional<SwarmSettings> swarm) {
        this.name = name;
        this.host = host;
        this.swarm = swarm;
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host)
                .withDockerTlsVerify(tlsDir.isPresent());
        tlsDir.ifPresent(dir -> builder.withDockerCertPath(dir.toString()));
        var config = builder.build();
        this.client = DockerClientImpl.getInstance(config, http(config, null));
        this.calls = DockerClientImpl.getInstance(config, http(config, REQUEST_TIMEOUT));
    }

    private static ApacheDockerHttpClient http(DefaultDockerClientConfig config, Duration responseTimeout) {
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                // every running job holds one connection for its live log stream: room for many jobs plus the
                // short requests (create, kill, inspect) that must never queue behind them
                .maxConnections(MAX_CONNECTIONS)
                .connectionTimeout(Duration.ofSeconds(5));
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return http.build();
    }

    /**
     * The client for short calls: its reads time out after {@link #REQUEST_TIMEOUT}, so a frozen engine cannot
     * hold a job's thread for ever. Not for log streams, waits, pulls or builds, which may be quiet for long.
     */
    DockerClient calls() {
        return calls;
    }

    /** What the last probes of this engine said. */
    EngineHealth health() {
        return health;
    }

    /** Present when this engine is a swarm manager whose jobs become services. */
    public Optional<SwarmSettings> swarm() {
        return swarm;
    }

    public String name() {
        return name;
    }

    public DockerClient client() {
        return client;
    }

    /** The engine's CPU count, or empty when it does not answer. */
    public Optional<Integer> cpus() {
        try {
            return Optional.ofNullable(EngineCalls.call("engine " + name + " info", PROBE_TIMEOUT,
                    () -> calls.infoCmd().exec()).getNCPU());
        } catch (RuntimeException e) {
            log.warn("engine {} at {} unreachable: {}", name, host, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Asks the engine for its version, waiting at most {@link #PROBE_TIMEOUT}; never throws. Every answer or
     * silence is recorded in {@link #health()}, which running jobs watch.
     */
    public EngineStatus status() {
        java.time.Instant started = java.time.Instant.now();
        try {
            Version v = EngineCalls.call("engine " + name, PROBE_TIMEOUT, () -> calls.versionCmd().exec());
            health.answered(started);
            return new EngineStatus(name, v.getVersion(), v.getApiVersion(), true);
        } catch (EngineCalls.Interrupted e) {
            return new EngineStatus(name, null, null, false); // the prober is stopping: nothing learned
        } catch (RuntimeException e) {
            RuntimeException u = EngineCalls.unreachableOr("engine " + name, e);
            health.failed(java.time.Instant.now(), u instanceof EngineCalls.Unreachable x && x.down(),
                    u.getMessage());
            log.warn("engine {} at {} unreachable: {}", name, host, u.getMessage());
            return new EngineStatus(name, null, null, false);
        }
    }

    /**
     * Version, platform, capacity and the number of containers labelled {@code gef.instance=instanceId}; never
     * throws (an engine that does not answer is described as unreachable).
     */
    EngineInfo describe(String instanceId, int runningJobs) {
        try {
            Version v = EngineCalls.call("engine " + name, PROBE_TIMEOUT, () -> calls.versionCmd().exec());
            Info info = EngineCalls.call("engine " + name, PROBE_TIMEOUT, () -> calls.infoCmd().exec());
            int containers = EngineCalls.call("engine " + name, PROBE_TIMEOUT, () -> calls.listContainersCmd()
                    .withShowAll(true).withLabelFilter(Map.of(ContainerSpec.LABEL_INSTANCE, instanceId)).exec()).size();
            return new EngineInfo(name, host, true, v.getVersion(), v.getApiVersion(), v.getOperatingSystem(),
                    v.getArch(), info.getNCPU(), info.getMemTotal(), runningJobs, containers,
                    info.getSecurityOptions() != null && info.getSecurityOptions().stream()
                            .anyMatch(o -> o.startsWith("name=userns")), null, Map.of(), null, null, "docker",
                    java.util.List.of(), java.util.List.of());
        } catch (RuntimeException e) {
            log.warn("engine {} at {} unreachable: {}", name, host, e.toString());
            return EngineInfo.unreachable(name, host, runningJobs);
        }
    }

    @Override
    public void close() {
        try {
            calls.close();
            client.close();
        } catch (java.io.IOException e) {
            log.debug("closing docker client", e);
        }
    }
}
