package io.gef.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.gef.registry.ImageRef;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's trip through the engine: image, create, start, follow logs until the container stops (or the
 * deadline passes: kill), inspect, remove. The log stream ending is the usual "stopped" signal, which saves the
 * separate wait request; an inspect confirms it and falls back to the engine's wait if the stream broke early.
 * After a restart of the server, {@link #resume} takes over an existing container instead.
 * One instance per run, used by one thread.
 */
final class ContainerRun {
    private static final Logger log = LoggerFactory.getLogger(ContainerRun.class);
    /** How long a killed container may take to be reported stopped before the run is declared failed. */
    private static final long KILL_GRACE_MS = 30_000;
    /** The log stream normally ends together with the container; this bounds the wait for its last frames. */
    private static final long LOG_DRAIN_MS = 5_000;
    private final DockerClient client;
    private final ImageCache images;
    private final String instanceId;
    private final ContainerSpec spec;
    private final RunListener listener;
    private final RunHandle handle;
    private final BooleanSupplier shuttingDown;
    private final BooleanSupplier keepStopped;
    private String containerId;
    private LogFollower logs;
    private long startNanos;
    private boolean startRequested;
    /** What was being done, for the failure message. */
    private String phase = "image is not present and could not be pulled";

    ContainerRun(DockerClient client, ImageCache images, String instanceId, ContainerSpec spec,
                 RunListener listener, RunHandle handle, BooleanSupplier shuttingDown, BooleanSupplier keepStopped) {
        this.client = client;
        this.images = images;
        this.instanceId = instanceId;
        this.spec = spec;
        this.listener = listener;
        this.handle = handle;
        this.shuttingDown = shuttingDown;
        this.keepStopped = keepStopped;
    }

    RunOutcome execute() {
        return handle.isCanceled() ? new RunOutcome.Canceled(0) : guarded(() -> {
            images.ensurePresent(spec.imageRef());
            if (handle.isCanceled()) {
                return new RunOutcome.Canceled(0);
            }
            phase = "cannot create the container";
            containerId = create();
            handle.created(containerId);
            notify(l -> l.created(containerId));
            phase = "cannot start the container";
            return startCreated(0, 0);
        });
    }

    /**
     * Takes over the job's container after a restart of the server: starts it if never started, follows it if it
     * runs, collects it if it stopped. The first {@code skipOut}/{@code skipErr} log lines were stored by the
     * previous process and are not delivered again; the timeout counts from the container's real start.
     */
    RunOutcome resume(String existing, long skipOut, long skipErr) {
        containerId = existing;
        handle.created(existing);
        phase = "cannot inspect the container to re-attach";
        return guarded(() -> {
            ContainerState state = client.inspectContainerCmd(existing).exec().getState();
            if ("created".equals(state.getStatus())) {
                phase = "cannot start the container";
                return startCreated(skipOut, skipErr);
            }
            Instant started = Instant.parse(state.getStartedAt());
            startNanos = System.nanoTime() - Duration.between(started, Instant.now()).toNanos();
            startRequested = true;
            phase = "the engine failed while running the container";
            if (handle.started()) {
                kill();
            }
            notify(RunListener::started); // the previous process may have died before it recorded the start
            return follow(skipOut, skipErr);
        });
    }

    private interface Step { RunOutcome run() throws InterruptedException; }

    /**
     * Runs a step, turning failures into outcomes and removing the container afterwards, unless the server is
     * shutting down: then the container is left as it is for the next process to re-attach.
     */
    private RunOutcome guarded(Step step) {
        boolean interrupted = false;
        boolean detached = false;
        try {
            return step.run();
        } catch (InterruptedException e) {
            interrupted = true;
            if (shuttingDown.getAsBoolean()) {
                detached = true;
                return new RunOutcome.Detached();
            }
            // the calling thread is being stopped for another reason: treat like a cancel, but clean up first
            handle.cancel();
            kill();
            return new RunOutcome.Canceled(elapsedMs());
        } catch (RuntimeException e) {
            if (shuttingDown.getAsBoolean()) {
                detached = true;
                return new RunOutcome.Detached();
            }
            return failed(phase, e);
        } finally {
            if (logs != null) {
                logs.detach();
                closeQuietly(logs);
            }
            if (!detached && !keepStopped.getAsBoolean()) {
                remove();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RunOutcome startCreated(long skipOut, long skipErr) throws InterruptedException {
        if (!handle.mayStart()) {
            return new RunOutcome.Canceled(0);
        }
        startNanos = System.nanoTime();
        startRequested = true;
        client.startContainerCmd(containerId).exec();
        phase = "the engine failed while running the container";
        if (handle.started()) {
            kill();
        }
        notify(RunListener::started);
        return follow(skipOut, skipErr);
    }

    private RunOutcome follow(long skipOut, long skipErr) throws InterruptedException {
        // after start: on a container that is not running the engine answers without following
        logs = client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new LogFollower(listener, skipOut, skipErr));
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(spec.sandbox().timeoutSeconds());
        ContainerState state = awaitStop(deadline);
        if (state == null) {
            handle.timedOut();
            kill();
            state = awaitStop(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_GRACE_MS));
            if (state == null) {
                throw new IllegalStateException("container still running " + KILL_GRACE_MS / 1000
                        + " s after it was killed");
            }
        }
        long ms = elapsedMs();
        logs.drain(client, containerId, LOG_DRAIN_MS);
        int exitCode = state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
        notify(l -> l.finished(exitCode, ms));
        if (handle.isCanceled()) {
            return new RunOutcome.Canceled(ms);
        }
        if (handle.isTimedOut()) {
            return new RunOutcome.TimedOut(ms);
        }
        if (Boolean.TRUE.equals(state.getOOMKilled())) {
            return new RunOutcome.OutOfMemory(ms);
        }
        return new RunOutcome.Exited(exitCode, ms);
    }

    private String create() {
        ImageRef ref = spec.imageRef();
        try {
            return createContainer();
        } catch (NotFoundException e) {
            // the image was removed behind the cache's back: fetch it again, once
            images.forget(ref);
            try {
                images.ensurePresent(ref);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw e;
            }
            return createContainer();
        }
    }

    private String createContainer() {
        var cmd = client.createContainerCmd(spec.image())
                .withUser(spec.user())
                .withWorkingDir(spec.workdir() == null ? "" : spec.workdir()) // "": the image's own
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(spec.containerLabels(instanceId))
                .withHostConfig(HostConfigs.of(spec))
                .withAttachStdin(false)
                .withStdinOpen(false)
                .withTty(false);
        if (!spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
        }
        return cmd.exec().getId();
    }

    /** The container's state once stopped, or null if it still runs at the deadline. */
    private ContainerState awaitStop(long deadlineNanos) throws InterruptedException {
        if (!logs.awaitCompletion(remainingMs(deadlineNanos), TimeUnit.MILLISECONDS)) {
            return null;
        }
        ContainerState state = client.inspectContainerCmd(containerId).exec().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            return state;
        }
        log.debug("log stream of {} ended while it runs; waiting for the engine to report its exit", containerId);
        try (var wait = client.waitContainerCmd(containerId).exec(new WaitContainerResultCallback())) {
            if (!wait.awaitCompletion(remainingMs(deadlineNanos), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (IOException e) {
            log.debug("closing wait of {}", containerId, e);
        }
        state = client.inspectContainerCmd(containerId).exec().getState();
        return Boolean.TRUE.equals(state.getRunning()) ? null : state;
    }

    private void kill() {
        if (containerId == null) {
            return;
        }
        ContainerRunner.kill(client, containerId);
    }

    private void remove() {
        if (containerId == null) {
            return;
        }
        try {
            client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            log.debug("container {} already gone", containerId);
        } catch (RuntimeException e) {
            // left for reconciliation: it carries the job and instance labels
            log.warn("job {}: could not remove container {}: {}", spec.jobId(), containerId, e.toString());
        }
    }

    private RunOutcome failed(String what, Throwable cause) {
        return RunOutcome.failed(spec, "container " + (containerId == null ? "none" : containerId), what, cause,
                logs == null ? List.of() : logs.tail());
    }

    private void notify(Consumer<RunListener> event) {
        RunListener.safely(listener, spec.jobId(), event);
    }

    private long elapsedMs() {
        return !startRequested ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static void closeQuietly(LogFollower follower) {
        try {
            follower.close();
        } catch (IOException e) {
            log.debug("closing log stream", e);
        }
    }
}
