package io.gef.engine;

import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.model.WaitResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one started container until it stops, through losses of its engine. When the engine stops answering
 * (a call gets no answer, or its health probe fails while the log stream is quiet) the stream is dropped and the
 * run waits for the engine up to {@link EngineFaults#lostGrace()}; when it answers again the container is
 * inspected: still there, it is followed again from the log line where the last stream stopped (no line lost or
 * repeated); gone, or stopped with a non-zero exit after the engine refused connections (its dockerd stopped, and
 * took the container with it), the run ends {@link Lost}. One instance per container, used by one thread.
 */
final class ContainerFollow {
    private static final Logger log = LoggerFactory.getLogger(ContainerFollow.class);
    /** How often a quiet stream looks at the engine's health, and a waiting run at whether it answers. */
    private static final long SLICE_MS = 250;
    /**
     * How long a container killed by a signal is watched for its engine going down: a stopping dockerd stops its
     * containers (and answers their waits) before it stops answering, so the refusal may come just after the exit.
     */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private final DockerEngine engine;
    private final EngineFaults faults;
    private final String containerId;
    private final RunListener listener;
    private final RunHandle handle;
    private final String jobId;
    private LogFollower logs;
    private Instant attachedAt;

    /** The job's container cannot be followed to its end any more; the message says why, naming the engine. */
    static final class Lost extends RuntimeException {
        /** {@code restarted}: the engine's restart stopped the container, so running the job again may help. */
        final boolean restarted;

        Lost(String message, boolean restarted) {
            super(message);
            this.restarted = restarted;
        }
    }

    ContainerFollow(DockerEngine engine, EngineFaults faults, String containerId, RunListener listener,
                    RunHandle handle, String jobId) {
        this.engine = engine;
        this.faults = faults;
        this.containerId = containerId;
        this.listener = listener;
        this.handle = handle;
        this.jobId = jobId;
    }

    /** Starts following; the first {@code skipOut}/{@code skipErr} lines are not delivered (already stored). */
    void open(long skipOut, long skipErr) {
        attachedAt = Instant.now();
        // after start: on a container that is not running the engine answers without following
        logs = engine.client().logContainerCmd(containerId).withStdOut(true).withStdErr(true)
                .withFollowStream(true).exec(new LogFollower(listener, skipOut, skipErr));
    }

    LogFollower logs() {
        return logs;
    }

    /**
     * The container's state once stopped, or null while it still runs at the deadline; waits out losses of the
     * engine (see the class comment).
     *
     * @throws Lost when the container is gone or was stopped by the engine's restart, when the engine did not
     *              answer within the grace, or when the job was canceled while the engine did not answer
     */
    ContainerState awaitStop(long deadlineNanos) throws InterruptedException {
        while (true) {
            try {
                return awaitStopOnce(deadlineNanos);
            } catch (EngineCalls.Unreachable u) {
                reattach(u);
            } catch (EngineCalls.Interrupted e) {
                throw new InterruptedException(e.getMessage()); // the server stops: not a fault of the engine
            }
        }
    }

    private ContainerState awaitStopOnce(long deadlineNanos) throws InterruptedException {
        if (!await(logs, deadlineNanos)) {
            return null;
        }
        ContainerState state = inspect();
        if (Boolean.TRUE.equals(state.getRunning())) {
            log.debug("log stream of {} ended while it runs; waiting for the engine to report its exit", containerId);
            try (var wait = engine.client().waitContainerCmd(containerId).exec(new PollableCallback<WaitResponse>())) {
                if (!await(wait, deadlineNanos)) {
                    return null;
                }
            } catch (IOException e) {
                log.debug("closing wait of {}", containerId, e);
            }
            state = inspect();
            if (Boolean.TRUE.equals(state.getRunning())) {
                throw new EngineCalls.Unreachable("engine " + engine.name() + ": its streams broke while the "
                        + "container runs", false, null);
            }
        }
        if (stoppedByRestart(state, attachedAt)) {
            throw restarted(state);
        }
        return state;
    }

    /** Waits for {@code callback} in slices, giving up at the deadline or when the engine's health probe fails. */
    private boolean await(PollableCallback<?> callback, long deadlineNanos)
            throws InterruptedException {
        while (!completed(callback, Math.min(SLICE_MS, remainingMs(deadlineNanos)))) {
            if (remainingMs(deadlineNanos) == 0) {
                return false;
            }
            var failing = engine.health().failing();
            if (failing.isPresent()) {
                throw new EngineCalls.Unreachable("engine " + engine.name() + ": " + failing.get().error(),
                        failing.get().down(), null);
            }
        }
        return true;
    }

    /** Whether the stream ended within {@code ms}; one broken by the engine going away is {@code Unreachable}. */
    private boolean completed(PollableCallback<?> callback, long ms) throws InterruptedException {
        if (!callback.ended(ms)) {
            return false;
        }
        if (callback.failure().isPresent()) {
            throw EngineCalls.unreachableOr("engine " + engine.name() + ": stream of container " + containerId,
                    callback.failure().get());
        }
        return true;
    }

    /** Drops the stream, waits for the engine, inspects the container and follows it again. */
    private void reattach(EngineCalls.Unreachable first) throws InterruptedException {
        Instant lostAt = engine.health().failing().map(EngineHealth.Failure::since).orElse(Instant.now());
        engine.health().failed(Instant.now(), first.down(), first.getMessage()); // tells the dispatcher too
        long[] seen = logs.abandon();
        Instant giveUp = lostAt.plus(faults.lostGrace());
        RunListener.safely(listener, jobId, l -> l.engineLost("engine " + engine.name() + " has not answered since "
                + lostAt + " (" + first.getMessage() + "); the job stays RUNNING and waits up to "
                + faults.lostGrace().toSeconds() + " s for it to answer again"));
        ContainerState state = null;
        Instant since = lostAt;
        while (state == null) {
            while (!engine.health().answeredSince(since)) {
                if (handle.isCanceled()) {
                    throw new Lost("canceled while engine " + engine.name() + " did not answer", false);
                }
                if (Instant.now().isAfter(giveUp)) {
                    throw new Lost("engine " + engine.name() + " did not answer for " + faults.lostGrace().toSeconds()
                            + " s (since " + lostAt + ") while the job was RUNNING; the job did not finish"
                            + " (its container, if it still runs there, is removed once the engine answers)", false);
                }
                engine.health().refresh(faults.healthEvery(), engine::status);
                Thread.sleep(SLICE_MS);
            }
            try {
                state = inspect();
            } catch (EngineCalls.Interrupted e) {
                throw new InterruptedException(e.getMessage());
            } catch (EngineCalls.Unreachable again) {
                since = Instant.now();
                log.debug("engine {} answered but not about container {}: {}", engine.name(), containerId,
                        again.getMessage());
            }
        }
        if (stoppedByRestart(state, lostAt)) {
            throw restarted(state);
        }
        String status = state.getStatus();
        RunListener.safely(listener, jobId, l -> l.engineBack("engine " + engine.name() + " answers again after "
                + java.time.Duration.between(lostAt, Instant.now()).toSeconds() + " s; container " + containerId
                + " is " + status + ": following it again"));
        if (handle.isCanceled()) {
            ContainerRunner.kill(engine.calls(), containerId); // the cancel's own kill found no engine
        }
        open(seen[0], seen[1]);
    }

    /**
     * Whether the container stopped because its engine went down: it exited non-zero, and the engine refused
     * connections (its dockerd was not running, and a stopping dockerd stops its containers) since {@code t}.
     * A container that exited 0 finished its work, whatever the engine did afterwards.
     */
    private boolean stoppedByRestart(ContainerState state, Instant t) throws InterruptedException {
        Long code = state.getExitCodeLong();
        if (Boolean.TRUE.equals(state.getRunning()) || code == null || code == 0) {
            return false;
        }
        if (engine.health().refusedSince(t)) {
            return true;
        }
        if ((code != 137 && code != 143) || Boolean.TRUE.equals(state.getOOMKilled()) || handle.isCanceled()
                || handle.isTimedOut()) {
            return false; // not killed by a signal, or by the kernel for memory, or by GEF itself
        }
        for (long until = System.nanoTime() + SETTLE_NANOS; System.nanoTime() < until; Thread.sleep(200)) {
            try {
                EngineCalls.call("engine " + engine.name() + ": ping", java.time.Duration.ofSeconds(1), () -> {
                    engine.calls().pingCmd().exec();
                    return null;
                });
            } catch (EngineCalls.Unreachable u) {
                if (u.down()) {
                    return true;
                }
            }
        }
        return engine.health().refusedSince(t);
    }

    private Lost restarted(ContainerState state) {
        return new Lost("engine " + engine.name() + " went down while the job was RUNNING (its dockerd stopped or "
                + "restarted, which stopped the job's container with exit code " + state.getExitCodeLong()
                + "); the job did not finish", true);
    }

    private ContainerState inspect() {
        try {
            return EngineCalls.call("engine " + engine.name() + ": inspect container " + containerId,
                    DockerEngine.REQUEST_TIMEOUT, () -> engine.health().failing().isPresent(),
                    () -> engine.calls().inspectContainerCmd(containerId).exec())
                    .getState();
        } catch (NotFoundException e) {
            throw new Lost("the job's container " + containerId + " is gone from engine " + engine.name()
                    + " (removed, or the engine lost it in a restart); the job did not finish", true);
        }
    }

    /** Stops delivery and closes the stream; for the end of the run. */
    void close() {
        if (logs != null) {
            logs.detach();
            logs.closeInBackground();
        }
    }

    List<String> tail() {
        return logs == null ? List.of() : logs.tail();
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
