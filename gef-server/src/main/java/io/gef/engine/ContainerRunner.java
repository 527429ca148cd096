package io.gef.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Container;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs job containers on one {@link DockerEngine}, hardened by each spec's {@link Sandbox}. Thread-safe: many
 * jobs run at once, each on the thread that called {@link #run}.
 *
 * <p>Every container carries the labels {@code gef.job.id} and {@code gef.instance}; after a crash,
 * {@link #jobIdsWithContainers()} and {@link #reap} find and remove what a previous process of this server left.
 *
 * <pre>{@code
 * var runner = new ContainerRunner(engine, RunnerSettings.fromConfig(config), Clock.systemUTC());
 * var spec = ContainerSpec.of("job-42", "127.0.0.1:5000/gef/wc@sha256:...")
 *         .withMounts(List.of(Mount.readOnly(input, "/data/in"), Mount.readWrite(output, "/data/out")))
 *         .withSandbox(Sandbox.defaults().withResources(2.0, 1024L, 600L));
 * RunOutcome outcome = runner.run(spec, listener);   // blocks until the job ended
 * }</pre>
 */
public final class ContainerRunner {
    private static final Logger log = LoggerFactory.getLogger(ContainerRunner.class);
    private final DockerEngine engine;
    private final DockerClient client;
    private final RunnerSettings settings;
    private final ImageCache images;
    private final ActiveRuns runs;
    private final LabelledContainers containers;
    /** Present on a swarm manager: jobs become services there instead of containers. */
    private final Optional<SwarmJobs> swarm;
    private volatile UserNamespace userNamespace;
    private volatile boolean shuttingDown;
    private volatile boolean keepStopped;

    public ContainerRunner(DockerEngine engine, RunnerSettings settings, Clock clock) {
        this.engine = engine;
        this.client = engine.calls();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.runs = new ActiveRuns(clock);
        this.containers = new LabelledContainers(engine, settings.instanceId());
        this.images = new ImageCache(engine.client(), ImageCache.authFor(settings), settings.pullTimeout());
        this.swarm = engine.swarm().map(s -> new SwarmJobs(engine, settings.instanceId(), s, images::auth));
    }

    /** The credentials this runner pulls {@code ref} with (a pull-only registry token, when GEF mints them). */
    Optional<AuthConfig> pullAuth(io.gef.registry.ImageRef ref) {
        return images.auth(ref);
    }

    /** The swarm's nodes, when this runner drives a swarm manager. */
    public Optional<SwarmNodes> swarmNodes() {
        return swarm.map(SwarmJobs::nodes);
    }

    /**
     * On a swarm: checks that every node sees {@code dir} at the same path by running a tiny job on each that
     * reads a marker file written there; failing nodes are refused (no job goes there). Returns them with the
     * reason, by node id; empty on a plain engine.
     */
    public Map<String, String> checkSharedDisk(Path dir, String image) {
        return swarm.map(s -> s.checkSharedDisk(dir, image)).orElse(Map.of());
    }

    public String instanceId() {
        return settings.instanceId();
    }

    /** The name of the engine this runner drives. */
    public String engineName() {
        return engine.name();
    }

    /** Whether the engine answers now; never throws. */
    public boolean reachable() {
        return engine.status().reachable();
    }

    /** The engine as an admin sees it, with this runner's jobs and this instance's containers on it. */
    public EngineInfo describe() {
        EngineInfo info = engine.describe(settings.instanceId(), runs.count());
        if (swarm.isEmpty() || !info.reachable()) {
            return info;
        }
        try {
            return info.onSwarm(swarm.get().jobIds().size(), swarm.get().nodes().list());
        } catch (RuntimeException e) {
            return info.onSwarm(0, List.of());
        }
    }

    /**
     * Whether the engine remaps user namespaces and onto which host ids; asked once (the engine's flags change
     * only with a restart of the engine, and then of GEF).
     *
     * @throws GefException when the engine cannot be asked
     */
    public UserNamespace userNamespace() {
        UserNamespace known = userNamespace;
        if (known == null) {
            try {
                known = UserNamespace.of(client.infoCmd().exec().getSecurityOptions(), Path.of("/etc/subuid"),
                        Path.of("/etc/subgid"));
            } catch (RuntimeException e) {
                throw new GefException(ErrorCode.ENGINE_UNAVAILABLE, "cannot ask the engine about user namespaces", e);
            }
            userNamespace = known;
            log.info("engine {}: {}", engine.name(), known.remapped() ? "user namespaces remapped onto host uid "
                    + known.uidBase() : "no user-namespace remapping");
        }
        return known;
    }

    /**
     * The {@code USER} of a pinned image ("" when it sets none), pulled by digest first if the engine lacks it.
     *
     * @throws GefException when the engine cannot be asked or the image cannot be pulled
     */
    public String imageUser(String image) throws InterruptedException {
        try {
            return images.user(io.gef.registry.ImageRef.parse(image));
        } catch (RuntimeException e) {
            throw new GefException(ErrorCode.ENGINE_UNAVAILABLE, "cannot inspect image " + image, e);
        }
    }

    /**
     * Runs the job to its end and removes its container, whatever happens. Never throws for engine or image
     * problems (those are {@link RunOutcome.Failed}); throws {@link IllegalStateException} when the same job id is
     * already running here. Pulls the image by digest from the trusted registry only if the engine lacks it.
     */
    public RunOutcome run(ContainerSpec spec, RunListener listener) {
        Objects.requireNonNull(spec, "spec");
        String registry = spec.imageRef().host();
        if (!registry.equals(settings.registryHost())) {
            return new RunOutcome.Failed("job " + spec.jobId() + ": image " + spec.image()
                    + " is not from the trusted registry " + settings.registryHost(), null);
        }
        RunHandle handle = runs.begin(spec.jobId());
        try {
            return swarm.isPresent() ? swarm.get().run(spec, listener == null ? RunListener.NONE : listener, handle,
                    () -> shuttingDown, () -> keepStopped) : newRun(spec, listener, handle).execute();
        } finally {
            runs.end(spec.jobId(), handle);
        }
    }

    /**
     * After a restart of the server: takes over the container a previous process made for {@code spec.jobId()}
     * (see {@link ContainerRun#resume}) and runs it to its end like {@link #run}; empty when the job has no
     * container here. Lines the previous process stored ({@code storedOut}/{@code storedErr} per stream) are not
     * delivered again.
     *
     * @throws GefException when the engine cannot be asked
     */
    public Optional<RunOutcome> resume(ContainerSpec spec, long storedOut, long storedErr, RunListener listener) {
        if (swarm.isPresent()) {
            var service = swarm.get().serviceOf(spec.jobId());
            if (service.isEmpty()) {
                return Optional.empty();
            }
            RunHandle handle = runs.begin(spec.jobId());
            try {
                return Optional.of(swarm.get().resume(service.get(), spec, storedOut, storedErr, listener, handle,
                        () -> shuttingDown, () -> keepStopped));
            } finally {
                runs.end(spec.jobId(), handle);
            }
        }
        List<Container> found = containers.of(spec.jobId());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RunHandle handle = runs.begin(spec.jobId());
        try {
            return Optional.of(newRun(spec, listener, handle).resume(found.getFirst().getId(), storedOut, storedErr));
        } finally {
            runs.end(spec.jobId(), handle);
        }
    }

    /**
     * From now on runs interrupted by the server's shutdown leave their containers running (outcome
     * {@link RunOutcome.Detached}) for the next process to {@link #resume}.
     */
    public void detachOnShutdown() {
        shuttingDown = true;
    }

    /**
     * From now on a run leaves its stopped container for the caller to {@link #reap} once it has recorded the
     * outcome: a crash in between then finds the container again and collects it, instead of finding nothing.
     */
    public void keepStoppedContainers() {
        keepStopped = true;
    }

    private ContainerRun newRun(ContainerSpec spec, RunListener listener, RunHandle handle) {
        return new ContainerRun(engine, settings.faults(), images, settings.instanceId(), spec,
                listener == null ? RunListener.NONE : listener, handle, () -> shuttingDown, () -> keepStopped);
    }

    /**
     * Cancels the job: kills its container if it runs; if it has no container yet, the run ends
     * {@link RunOutcome.Canceled} without starting one. A cancel for a job whose {@link #run} has not begun is
     * remembered (for an hour) and makes that run end Canceled at once. Cancelling a finished job does nothing.
     */
    public void cancel(String jobId) {
        runs.cancel(jobId).ifPresent(id -> swarm.ifPresentOrElse(s -> s.cancel(id), () -> kill(client, id)));
    }

    /**
     * Ids of jobs that have a container (running or not) labelled with this server instance, sorted. After a
     * restart these are leftovers of the previous process; while jobs run, it includes them.
     *
     * @throws GefException when the engine cannot be asked
     */
    public List<String> jobIdsWithContainers() {
        return swarm.isPresent() ? swarm.get().jobIds() : containers.jobIds();
    }

    /**
     * Force-removes every container of this instance labelled with {@code jobId}; returns how many. For
     * reconciliation at start-up; a job running in this process is refused (cancel it instead).
     *
     * @throws IllegalStateException when the job is running here
     * @throws GefException           when the engine cannot be asked
     */
    public int reap(String jobId) {
        if (runs.isRunning(jobId)) {
            throw new IllegalStateException("job " + jobId + " is running; cancel it instead of reaping");
        }
        return swarm.isPresent() ? swarm.get().reap(jobId) : containers.reap(jobId);
    }

    /**
     * {@link #reap} once the engine answers again, trying every few seconds for up to a day, on a thread of its
     * own: for a job that ended while its engine did not answer (its container may still run there).
     */
    public void reapWhenBack(String jobId) {
        Thread.ofVirtual().name("gef-reap-" + jobId).start(() -> {
            for (int i = 0; i < 24 * 60 * 12; i++) {
                try {
                    Thread.sleep(5_000);
                    if (engine.status().reachable()) {
                        reap(jobId);
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.debug("job {}: container not removed yet: {}", jobId, e.toString());
                }
            }
        });
    }

    /** Kills a container, waiting at most a few seconds; one that already stopped or is gone is not an error. */
    static void kill(DockerClient client, String containerId) {
        LabelledContainers.kill(client, containerId);
    }
}
