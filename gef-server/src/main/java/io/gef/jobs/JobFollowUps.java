package io.gef.jobs;

import io.gef.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work a finished job triggers (signing its provenance), as a recorded step: a row is written in the same
 * transaction as the terminal state ({@link #record}), the step runs at once ({@link #runNow}) and the row is
 * deleted when it succeeded. A failure keeps the row, logged and retried with a growing delay; a crash between the
 * two leaves the row too, and {@link #start} runs every pending row. So a finished job's statement is never
 * silently missing: it exists, or a row says why not yet.
 */
final class JobFollowUps implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobFollowUps.class);
    /** How long the inline run owns a fresh row before the retry loop may take it. */
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration MAX_DELAY = Duration.ofMinutes(5);
    private static final long POLL_SECONDS = 2;

    private final Sql sql;
    private final JobStore store;
    private final Clock clock;
    private volatile JobFinishedStep step;
    private ScheduledExecutorService retries;

    JobFollowUps(Sql sql, JobStore store, Clock clock) {
        this.sql = sql;
        this.store = store;
        this.clock = clock;
    }

    /** Records that {@code jobId}'s follow-up is due, as part of the transaction that ends the job. */
    void record(Connection c, String jobId) throws SQLException {
        Sql.update(c, "INSERT INTO job_followups(job_id, due_at) VALUES (?,?)", jobId, clock.instant().plus(LEASE));
    }

    /** The step to run for every finished job; set once, before {@link #start}. */
    void step(JobFinishedStep s) {
        if (step != null) {
            throw new IllegalStateException("the finished-job step is already set");
        }
        step = s;
    }

    /** Runs every pending follow-up (those a crash or a failure left), then keeps retrying failed ones. */
    void start() {
        retries = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("gef-job-followups").unstarted(r));
        retries.execute(() -> due(null));
        retries.scheduleWithFixedDelay(() -> due(clock.instant()), POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs the follow-up of a job that just ended; a failure leaves it to the retry loop. */
    void runNow(Job job) {
        if (step != null) {
            run(job, 0);
        }
    }

    /** Runs the follow-ups due by {@code upTo}; all of them when it is null (at start-up). */
    private void due(Instant upTo) {
        try {
            record Due(String jobId, int attempts) {
            }
            List<Due> due = upTo == null
                    ? sql.list("SELECT job_id, attempts FROM job_followups ORDER BY due_at LIMIT 1000",
                            rs -> new Due(rs.getString(1), rs.getInt(2)))
                    : sql.list("SELECT job_id, attempts FROM job_followups WHERE due_at <= ? ORDER BY due_at"
                            + " LIMIT 100", rs -> new Due(rs.getString(1), rs.getInt(2)), upTo);
            for (Due d : due) {
                store.get(d.jobId()).ifPresentOrElse(j -> run(j, d.attempts()),
                        () -> sql.update("DELETE FROM job_followups WHERE job_id = ?", d.jobId()));
            }
        } catch (RuntimeException e) {
            log.error("the follow-up retry pass failed; trying again in {} s", POLL_SECONDS, e);
        }
    }

    private void run(Job job, int attempts) {
        JobFinishedStep s = step;
        if (s == null) {
            return;
        }
        try {
            s.run(job);
            // not forced: a crash that loses this delete leaves the row, and the start-up pass runs the step
            // again, which is idempotent (the statement is stored by MERGE); one forced write fewer per job
            sql.updateUnforced("DELETE FROM job_followups WHERE job_id = ?", job.id());
        } catch (Exception e) {
            Duration delay = Duration.ofSeconds(Math.min(MAX_DELAY.toSeconds(), 1L << Math.min(attempts + 1, 20)));
            String why = String.valueOf(e.getMessage());
            sql.update("UPDATE job_followups SET attempts = attempts + 1, due_at = ?, last_error = ? WHERE job_id = ?",
                    clock.instant().plus(delay), why.substring(0, Math.min(why.length(), 1000)), job.id());
            log.error("the follow-up of finished job {} failed (attempt {}); retrying in {} s", job.id(),
                    attempts + 1, delay.toSeconds(), e);
        }
    }

    /** Follow-ups not done yet (for health and tests). */
    int pending() {
        return sql.one("SELECT COUNT(*) FROM job_followups", rs -> rs.getInt(1)).orElse(0);
    }

    @Override
    public void close() {
        if (retries != null) {
            retries.shutdownNow();
        }
    }
}
