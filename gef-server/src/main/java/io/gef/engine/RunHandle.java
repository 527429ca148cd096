package io.gef.engine;

import java.util.Optional;

/**
 * The cancel/timeout state of one run, shared by the running thread and cancellers. The protocol: the runner
 * asks {@link #mayStart} right before starting and does not start when it says no; it calls {@link #started}
 * right after starting and kills the container itself when that returns true. {@link #cancel} returns the
 * container to kill only once started. So a cancel that comes before the start request means the container
 * never starts, and one that comes during it is acted on by the runner as soon as the start returns.
 */
final class RunHandle {
    private boolean canceled;
    private boolean timedOut;
    private boolean started;
    private String containerId;

    synchronized Optional<String> cancel() {
        canceled = true;
        return started ? Optional.of(containerId) : Optional.empty();
    }

    synchronized void created(String id) {
        containerId = id;
    }

    /** False = canceled, do not start the container. */
    synchronized boolean mayStart() {
        return !canceled;
    }

    /** Records the start; true = canceled while starting, the caller must kill. */
    synchronized boolean started() {
        started = true;
        return canceled;
    }

    /** Records that the deadline passed (unless a cancel already explains the kill). */
    synchronized void timedOut() {
        if (!canceled) {
            timedOut = true;
        }
    }

    synchronized boolean isCanceled() {
        return canceled;
    }

    synchronized boolean isTimedOut() {
        return timedOut;
    }
}
