package io.gef.jobs;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Records what happens to a job: its creation and state changes (compare-and-set in the store), events (stored,
 * then published to live followers) and the end of the feed. The one writer of jobs, so the rules live in one
 * place; every version it stores goes to the live job lists ({@link JobFeed#changed}) in the order it was stored.
 */
final class JobRecorder {
    private final JobStore store;
    private final JobFeed feed;
    private final Clock clock;
    /** Store-then-publish of one job happens under its stripe, so lists see a job's versions in store order. */
    private final ReentrantLock[] stripes = new ReentrantLock[64];
    private volatile java.util.function.Consumer<Job> onTerminal = j -> { };

    JobRecorder(JobStore store, JobFeed feed, Clock clock) {
        this.store = store;
        this.feed = feed;
        this.clock = clock;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Stores a new (queued) job and shows it to live job lists. */
    void insert(Job job) {
        ReentrantLock lock = stripe(job.id());
        lock.lock();
        try {
            store.insert(job);
            feed.changed(job);
        } finally {
            lock.unlock();
        }
    }

    /** Compare-and-set of a job on its state; when it wins, live job lists get the new version. */
    private boolean replace(Job next, JobState expected) {
        ReentrantLock lock = stripe(next.id());
        lock.lock();
        try {
            if (!store.replace(next, expected)) {
                return false;
            }
            feed.changed(next);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock stripe(String jobId) {
        return stripes[Math.floorMod(jobId.hashCode(), stripes.length)];
    }

    java.util.Optional<Job> find(String id) {
        return store.get(id);
    }

    void onTerminal(java.util.function.Consumer<Job> listener) {
        this.onTerminal = listener;
    }

    Clock clock() {
        return clock;
    }

    JobEvent event(String jobId, String type, Map<String, Object> data) {
        JobEvent e = store.appendEvent(jobId, clock.instant(), type, data);
        feed.publish(jobId, e);
        return e;
    }

    /**
     * Moves {@code job} to {@code to} with {@code changes} applied, if it is still in the state it was read in.
     * Terminal moves stamp the end time, call the terminal listener, then record a {@code finished} event and end
     * the live feed.
     */
    Optional<Job> move(Job job, JobState to, UnaryOperator<Job.Builder> changes) {
        Job.Builder b = changes.apply(job.toBuilder().state(to));
        if (to.isTerminal()) {
            b.endedAt(clock.instant());
        }
        Job next = b.build();
        if (!replace(next, job.state())) {
            return Optional.empty();
        }
        if (to.isTerminal()) {
            // the listener (provenance) runs before followers hear "finished": a client told that the job ended
            // finds its signed statement already there
            try {
                onTerminal.accept(next);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(JobRecorder.class).error("after job {} ended", job.id(), e);
            }
            event(job.id(), "finished", next.error() == null ? Map.of("state", to.name())
                    : Map.of("state", to.name(), "reason", next.error().reason().name(),
                            "message", next.error().message()));
            feed.end(job.id());
        }
        return Optional.of(next);
    }

    /** Updates fields of a job without changing its state (again a compare-and-set on the state). */
    Optional<Job> update(Job job, UnaryOperator<Job.Builder> changes) {
        Job next = changes.apply(job.toBuilder()).build();
        return replace(next, job.state()) ? Optional.of(next) : Optional.empty();
    }

    /** Ends a job with an error: the state follows from the reason. */
    Optional<Job> fail(Job job, JobError error) {
        return move(job, error.reason().state(), b -> b.error(error));
    }

    void publish(String jobId, Object item) {
        feed.publish(jobId, item);
    }
}
