package io.gef.jobs;

import io.gef.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Records what happens to a job: its creation and state changes (compare-and-set in the store), events (stored,
 * then published to live followers) and the end of the feed. The one writer of jobs, so the rules live in one
 * place; every version it stores goes to the live job lists ({@link JobFeed#changed}) in the order it was stored.
 * Writes that belong together are one transaction: a job and its first event; a move and its event; a terminal
 * state, its {@code finished} event and its follow-up ({@link JobFollowUps}).
 */
final class JobRecorder {
    private final Sql sql;
    private final JobStore store;
    private final JobFeed feed;
    private final JobFollowUps followUps;
    private final Clock clock;
    /** Store-then-publish of one job happens under its stripe, so lists see a job's versions in store order. */
    private final ReentrantLock[] stripes = new ReentrantLock[64];
    /** Events of running jobs waiting for the job's next stored change ({@link #defer}). */
    private final Map<String, List<Held>> held = new ConcurrentHashMap<>();

    JobRecorder(JobStore store, JobFeed feed, Clock clock) {
        this(store, feed, clock, new JobFollowUps(store.sql(), store, clock));
    }

    JobRecorder(JobStore store, JobFeed feed, Clock clock, JobFollowUps followUps) {
        this.sql = store.sql();
        this.store = store;
        this.feed = feed;
        this.clock = clock;
        this.followUps = followUps;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** An event to store with a job's change, in the same transaction. */
    record Event(String type, Map<String, Object> data) {
    }

    /** An event with the time it happened, held back until the job's next stored change. */
    private record Held(Instant at, String type, Map<String, Object> data) {
    }

    /** Stores a new (queued) job without an event and shows it to live job lists. */
    void insert(Job job) {
        insert(job, null);
    }

    /** Stores a new (queued) job and its first event (may be null) as one, and shows both to live followers. */
    void insert(Job job, Event first) {
        ReentrantLock lock = stripe(job.id());
        lock.lock();
        try {
            Optional<JobEvent> e = sql.transaction(c -> {
                JobStore.insert(c, job);
                return first == null ? Optional.<JobEvent>empty() : Optional.of(JobStore.appendEventHoldingRow(c,
                        job.id(), clock.instant(), first.type(), first.data()));
            });
            feed.changed(job);
            e.ifPresent(ev -> feed.publish(job.id(), ev));
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock stripe(String jobId) {
        return stripes[Math.floorMod(jobId.hashCode(), stripes.length)];
    }

    List<JobEvent> events(String jobId) {
        return store.events(jobId);
    }

    Optional<Job> find(String id) {
        return store.get(id);
    }

    JobFollowUps followUps() {
        return followUps;
    }

    Clock clock() {
        return clock;
    }

    JobEvent event(String jobId, String type, Map<String, Object> data) {
        ReentrantLock lock = stripe(jobId);
        lock.lock();
        try {
            List<Held> held = takeHeld(jobId);
            Instant at = clock.instant();
            List<JobEvent> stored = inTransaction(jobId, held, c -> {
                JobStore.lockRow(c, jobId);
                List<JobEvent> out = appendHeld(c, jobId, held);
                out.add(JobStore.appendEventHoldingRow(c, jobId, at, type, data));
                return out;
            });
            stored.forEach(e -> feed.publish(jobId, e));
            return stored.getLast();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records an event that nobody needs to see before the job's next stored change (a step of the job's own
     * execution, which always ends in one): it keeps the time it happened and is written, then published, in that
     * change's transaction. Each event stored on its own costs a forced disk write; a trivial job had ten.
     */
    void defer(String jobId, String type, Map<String, Object> data) {
        ReentrantLock lock = stripe(jobId);
        lock.lock();
        try {
            held.computeIfAbsent(jobId, k -> new ArrayList<>()).add(new Held(clock.instant(), type, data));
        } finally {
            lock.unlock();
        }
    }

    private List<Held> takeHeld(String jobId) {
        List<Held> h = held.remove(jobId);
        return h == null ? List.of() : h;
    }

    /** Runs {@code work} in one transaction; on failure the held events are kept for the next change. */
    private <T> T inTransaction(String jobId, List<Held> taken, Sql.InTransaction<T> work) {
        return inTransaction(jobId, taken, work, true);
    }

    private <T> T inTransaction(String jobId, List<Held> taken, Sql.InTransaction<T> work, boolean forced) {
        try {
            return forced ? sql.transaction(work) : sql.transactionUnforced(work);
        } catch (RuntimeException e) {
            if (!taken.isEmpty()) {
                held.merge(jobId, new ArrayList<>(taken), (later, earlier) -> {
                    earlier.addAll(later);
                    return earlier;
                });
            }
            throw e;
        }
    }

    /** Appends held events in a transaction that holds the job's row lock (it updated the row, or took it). */
    private static List<JobEvent> appendHeld(Connection c, String jobId, List<Held> events) throws SQLException {
        List<JobEvent> out = new ArrayList<>();
        for (Held h : events) {
            out.add(JobStore.appendEventHoldingRow(c, jobId, h.at(), h.type(), h.data()));
        }
        return out;
    }

    Optional<Job> move(Job job, JobState to, UnaryOperator<Job.Builder> changes) {
        return move(job, to, changes, null);
    }

    /**
     * Moves {@code job} to {@code to} with {@code changes} applied, if it is still in the state it was read in,
     * storing {@code event} (may be null) with it. A terminal move stamps the end time and stores, in the same
     * transaction, a {@code finished} event and the records of the end ({@link JobFollowUps}, prepared before), so
     * a client told that the job ended finds its signed statement already there.
     */
    Optional<Job> move(Job job, JobState to, UnaryOperator<Job.Builder> changes, Event event) {
        return move(job, to, changes, event, true);
    }

    /**
     * Claims a queued job (QUEUED → INITIALIZING with {@code event}) without its own forced disk write: nobody was
     * promised the claim, and before anything outside the database happens for the job its execution makes a
     * forced write (output volumes, then the job's inputs and sandbox, always before a container exists), which
     * makes the claim durable too. A crash before that finds the job QUEUED again, and it simply runs.
     */
    Optional<Job> claim(Job job, UnaryOperator<Job.Builder> changes, Event event) {
        return move(job, JobState.INITIALIZING, changes, event, false);
    }

    /**
     * Records that the job's container started (INITIALIZING → RUNNING), also without a forced write of its own: a
     * crash that loses it leaves the job INITIALIZING with a container, and the next start re-attaches to that
     * container and records the start again (JobExecution.resume). The job's end is forced, and with it this.
     */
    Optional<Job> started(Job job, UnaryOperator<Job.Builder> changes, Event event) {
        return move(job, JobState.RUNNING, changes, event, false);
    }

    private Optional<Job> move(Job job, JobState to, UnaryOperator<Job.Builder> changes, Event event,
                               boolean forced) {
        Job.Builder b = changes.apply(job.toBuilder().state(to));
        if (to.isTerminal()) {
            b.endedAt(clock.instant());
        }
        Job next = b.build();
        Event stored = to.isTerminal() ? finished(next) : event;
        JobFollowUps.Prepared end = to.isTerminal() ? followUps.prepare(next) : null;
        record Outcome(boolean won, List<JobEvent> events) {
        }
        ReentrantLock lock = stripe(next.id());
        Outcome out;
        lock.lock();
        try {
            List<Held> taken = takeHeld(next.id());
            out = inTransaction(next.id(), taken, c -> {
                if (!JobStore.replace(c, job, next, job.state())) {
                    return new Outcome(false, List.of()); // someone else moved it: its held steps are moot
                }
                if (end != null) {
                    followUps.write(c, next.id(), end);
                }
                List<JobEvent> events = appendHeld(c, next.id(), taken);
                if (stored != null) {
                    events.add(JobStore.appendEventHoldingRow(c, next.id(), clock.instant(), stored.type(),
                            stored.data()));
                }
                return new Outcome(true, events);
            }, forced || to.isTerminal());
            if (!out.won()) {
                return Optional.empty();
            }
            feed.changed(next);
        } finally {
            lock.unlock();
        }
        out.events().forEach(e -> feed.publish(next.id(), e));
        if (end != null) {
            feed.end(next.id());
            followUps.stored(next, end);
        }
        return Optional.of(next);
    }

    private static Event finished(Job job) {
        String state = job.state().name();
        return new Event("finished", job.error() == null ? Map.of("state", state)
                : Map.of("state", state, "reason", job.error().reason().name(), "message", job.error().message()));
    }

    /** Updates fields of a job without changing its state (again a compare-and-set on the state). */
    Optional<Job> update(Job job, UnaryOperator<Job.Builder> changes) {
        Job next = changes.apply(job.toBuilder()).build();
        ReentrantLock lock = stripe(next.id());
        lock.lock();
        try {
            List<Held> taken = takeHeld(next.id());
            List<JobEvent> events = inTransaction(next.id(), taken, c -> JobStore.replace(c, job, next, job.state())
                    ? appendHeld(c, next.id(), taken) : null);
            if (events == null) {
                return Optional.empty();
            }
            feed.changed(next);
            events.forEach(e -> feed.publish(next.id(), e));
            return Optional.of(next);
        } finally {
            lock.unlock();
        }
    }

    /** Ends a job with an error: the state follows from the reason. */
    Optional<Job> fail(Job job, JobError error) {
        return move(job, error.reason().state(), b -> b.error(error));
    }

    void publish(String jobId, Object item) {
        feed.publish(jobId, item);
    }
}
