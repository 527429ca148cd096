package io.gef.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.exception.NotFoundException;
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
 * {@link ContainerFollow} survives losses of the engine; when the engine's restart stopped the container, the
 * job runs once more in a new container if {@link EngineFaults#retryAfterRestart()} (the old one removed first).
 * After a restart of the server, {@link #resume} takes over an existing container instead. Short calls go through
 * the engine's bounded client ({@link DockerEngine#calls()}).
 * One instance per run, used by one thread.
 */
final class ContainerRun {
    private static final Logger log = LoggerFactory.getLogger(ContainerRun.class);
    /** How long a killed container may take to be reported stopped before the run is declared failed. */
    private static final long KILL_GRACE_MS = 30_000;
    /** The log stream normally ends together with the container; this bounds the wait for its last frames. */
    private static final long LOG_DRAIN_MS = 5_000;
    private final DockerEngine engine;
    private final DockerClient client;
    private final EngineFaults faults;
    private final ImageCache images;
    private final String instanceId;
    private final ContainerSpec spec;
    private final RunListener listener;
    private final RunHandle handle;
    private final BooleanSupplier shuttingDown;
    private final BooleanSupplier keepStopped;
    private String containerId;
    private ContainerFollow follow;
    private int attempt = 1;
    private long startNanos;
    private boolean startRequested;
    /** What was being done, for the failure message. */
    private String phase = "image is not present and could not be pulled";

    ContainerRun(DockerEngine engine, EngineFaults faults, ImageCache images, String instanceId, ContainerSpec spec,
                 RunListener listener, RunHandle handle, BooleanSupplier shuttingDown, BooleanSupplier keepStopped) {
        this.engine = engine;
        this.client = engine.calls();
        this.faults = faults;
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
            ContainerState state = call("inspect", () -> client.inspectContainerCmd(existing).exec()).getState();
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
            if (follow != null) {
                follow.close();
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
        return startContainer() ? follow(skipOut, skipErr) : new RunOutcome.Canceled(0);
    }

    /** Starts the created container; false when it was canceled first (and not started). */
    private boolean startContainer() {
        if (!handle.mayStart()) {
            return false;
        }
        startNanos = System.nanoTime();
        startRequested = true;
        call("start", () -> client.startContainerCmd(containerId).exec());
        phase = "the engine failed while running the container";
        if (handle.started()) {
            kill();
        }
        notify(RunListener::started);
        return true;
    }

    private RunOutcome follow(long skipOut, long skipErr) throws InterruptedException {
        follow = new ContainerFollow(engine, faults, containerId, listener, handle, spec.jobId());
        follow.open(skipOut, skipErr);
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(spec.sandbox().timeoutSeconds());
        ContainerState state;
        try {
            state = follow.awaitStop(deadline);
            if (state == null) {
                handle.timedOut();
                kill();
                state = follow.awaitStop(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_GRACE_MS));
                if (state == null) {
                    throw new IllegalStateException("container still running " + KILL_GRACE_MS / 1000
                            + " s after it was killed");
                }
            }
        } catch (ContainerFollow.Lost lost) {
            return lost(lost);
        }
        long ms = elapsedMs();
        follow.logs().drain(engine.client(), containerId, LOG_DRAIN_MS);
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
        return ContainerCreation.create(engine, images, instanceId, spec);
    }

    /**
     * The container was lost with its engine: the job fails naming the engine, or — the engine's restart stopped
     * it, {@link EngineFaults#retryAfterRestart()}, first attempt — runs again in a new container, once the old
     * one is removed (never two containers for one job). The new attempt's log lines follow the first's.
     */
    private RunOutcome lost(ContainerFollow.Lost lost) throws InterruptedException {
        if (handle.isCanceled()) {
            return new RunOutcome.Canceled(elapsedMs());
        }
        boolean retry = lost.restarted && faults.retryAfterRestart() && attempt == 1;
        notify(l -> l.engineRestarted(lost.getMessage(), retry));
        if (!retry) {
            return failed(lost.getMessage(), null);
        }
        follow.close();
        attempt++;
        // a dockerd that is shutting down still answers on open connections, and one just started may not be
        // ready: tried again (each time without the previous container) until the grace has passed
        java.time.Instant giveUp = java.time.Instant.now().plus(faults.lostGrace());
        while (true) {
            try {
                phase = "cannot remove the container the engine's restart stopped, so the job was not run again";
                try {
                    call("remove", () -> client.removeContainerCmd(containerId).withForce(true).exec());
                } catch (NotFoundException gone) {
                    log.debug("container {} already gone", containerId);
                }
                phase = "cannot run the job again after the engine's restart";
                containerId = create();
                handle.created(containerId);
                notify(l -> l.created(containerId));
                if (!startContainer()) {
                    return new RunOutcome.Canceled(0);
                }
                break;
            } catch (RuntimeException e) {
                if (handle.isCanceled() || java.time.Instant.now().isAfter(giveUp)) {
                    throw e;
                }
                log.info("job {}: engine {} cannot run it again yet: {}", spec.jobId(), engine.name(), e.toString());
                Thread.sleep(1000);
            }
        }
        return follow(0, 0);
    }

    /** A short call to the engine, bounded: a frozen engine gives no answer, not a hang. */
    private <T> T call(String what, java.util.concurrent.Callable<T> call) {
        return EngineCalls.call("engine " + engine.name() + ": " + what + " container " + containerId,
                DockerEngine.REQUEST_TIMEOUT, call);
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
            call("remove", () -> client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true)
                    .exec());
        } catch (NotFoundException e) {
            log.debug("container {} already gone", containerId);
        } catch (RuntimeException e) {
            // left for reconciliation: it carries the job and instance labels
            log.warn("job {}: could not remove container {}: {}", spec.jobId(), containerId, e.toString());
        }
    }

    private RunOutcome failed(String what, Throwable cause) {
        return RunOutcome.failed(spec, "container " + (containerId == null ? "none" : containerId), what, cause,
                follow == null ? List.of() : follow.tail());
    }

    private void notify(Consumer<RunListener> event) {
        RunListener.safely(listener, spec.jobId(), event);
    }

    private long elapsedMs() {
        return !startRequested ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
