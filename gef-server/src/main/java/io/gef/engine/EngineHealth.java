package io.gef.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the last health probes of one engine said ({@link DockerEngine#status()} records every probe here, from
 * whichever caller). Running jobs read it to notice that their engine stopped answering while their log stream is
 * merely quiet, and to learn when it answers again, without a probe of their own per job. Thread-safe.
 */
final class EngineHealth {
    /** The engine has not answered since {@code since}; {@code down}: it refused connections at some point. */
    record Failure(Instant since, boolean down, String error) {
    }

    private final AtomicBoolean probing = new AtomicBoolean();
    private Instant lastProbe = Instant.MIN;
    private Instant lastAnswer = Instant.MIN;
    private Instant lastRefused = Instant.MIN;
    private Failure failing;

    /** A probe that started at {@code started} got an answer. */
    synchronized void answered(Instant started) {
        lastProbe = Instant.now();
        if (started.isAfter(lastAnswer)) {
            lastAnswer = started;
        }
        failing = null;
    }

    /** A probe (or a job's call) got no answer at {@code at}; {@code refused}: the connection was refused. */
    synchronized void failed(Instant at, boolean refused, String error) {
        lastProbe = Instant.now();
        if (refused && at.isAfter(lastRefused)) {
            lastRefused = at;
        }
        failing = new Failure(failing == null ? at : failing.since(), refused || (failing != null && failing.down()),
                error);
    }

    /** Present while the last probe got no answer. */
    synchronized Optional<Failure> failing() {
        return Optional.ofNullable(failing);
    }

    /** Whether a probe that started at or after {@code t} got an answer. */
    synchronized boolean answeredSince(Instant t) {
        return !lastAnswer.isBefore(t);
    }

    /** Whether the engine refused a connection at or after {@code t} (its dockerd was not running then). */
    synchronized boolean refusedSince(Instant t) {
        return !lastRefused.isBefore(t);
    }

    /**
     * Starts {@code probe} on a thread of its own unless one is under way or the last ended less than
     * {@code maxAge} ago: many waiting jobs cause at most one probe at a time.
     */
    void refresh(Duration maxAge, Runnable probe) {
        synchronized (this) {
            if (lastProbe.plus(maxAge).isAfter(Instant.now())) {
                return;
            }
        }
        if (probing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("gef-engine-probe").start(() -> {
                try {
                    probe.run();
                } finally {
                    probing.set(false);
                }
            });
        }
    }
}
