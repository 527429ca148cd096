package io.gef.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of one runner, by job id, and cancellations that arrived before their run. This is what makes
 * {@link ContainerRunner#cancel} race-free: a cancel either finds the run (and its {@link RunHandle} decides
 * whether the container must be killed or must never start) or is remembered until the run begins.
 * Remembered cancels expire after {@link #PENDING_CANCEL_TTL}, so cancels of jobs that never run do not pile up.
 */
final class ActiveRuns {
    static final Duration PENDING_CANCEL_TTL = Duration.ofHours(1);
    private final Clock clock;
    private final Map<String, RunHandle> runs = new HashMap<>();
    private final Map<String, Instant> pendingCancels = new HashMap<>();

    ActiveRuns(Clock clock) {
        this.clock = clock;
    }

    /** Registers a run; the handle is already canceled when a cancel came first. */
    synchronized RunHandle begin(String jobId) {
        if (runs.containsKey(jobId)) {
            throw new IllegalStateException("job " + jobId + " is already running on this runner");
        }
        var handle = new RunHandle();
        if (pendingCancels.remove(jobId) != null) {
            handle.cancel();
        }
        runs.put(jobId, handle);
        return handle;
    }

    synchronized void end(String jobId, RunHandle handle) {
        runs.remove(jobId, handle);
    }

    /** Marks the job canceled; returns the container to kill when it is already running. */
    synchronized Optional<String> cancel(String jobId) {
        RunHandle handle = runs.get(jobId);
        if (handle != null) {
            return handle.cancel();
        }
        Instant now = clock.instant();
        pendingCancels.values().removeIf(at -> at.plus(PENDING_CANCEL_TTL).isBefore(now));
        pendingCancels.put(jobId, now);
        return Optional.empty();
    }

    synchronized boolean isRunning(String jobId) {
        return runs.containsKey(jobId);
    }

    /** Runs under way, from {@link #begin} to {@link #end}. */
    synchronized int count() {
        return runs.size();
    }

    synchronized int pendingCancelCount() {
        return pendingCancels.size();
    }
}
