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
 * The work a finished job triggers (signing its provenance, {@link JobFinishedStep}). Normally its records are
 * prepared before the end is stored and written in that transaction ({@link #prepare}, {@link #write}). When
 * preparing fails, the transaction writes a follow-up row instead, retried with a growing delay and at every start
 * until the step succeeds; the row is deleted in the transaction that stores the records. So a finished job's
 * statement is never silently missing: it exists, or a row says why not yet.
 */
final class JobFollowUps implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobFollowUps.class);
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

    /** What preparing a job's end gave: its records' write, or why it failed (then retried from a row). */
    record Prepared(JobFinishedStep.Write write, String failure) {
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

    /** Prepares the records of {@code ended}'s end, outside any lock or transaction; never throws. */
    Prepared prepare(Job ended) {
        JobFinishedStep s = step;
        if (s == null) {
            return new Prepared(JobFinishedStep.Write.NOTHING, null);
        }
        try {
            return new Prepared(s.prepare(ended), null);
        } catch (Exception e) {
            log.error("the follow-up of finished job {} failed; retrying in {} s", ended.id(), delay(0).toSeconds(),
                    e);
            return new Prepared(null, String.valueOf(e.getMessage()));
        }
    }

    /** Writes what {@link #prepare} gave, or the row that retries it, in the transaction that ends the job. */
    void write(Connection c, String jobId, Prepared p) throws SQLException {
        if (p.write() != null) {
            p.write().to(c);
        } else {
            Sql.update(c, "INSERT INTO job_followups(job_id, attempts, due_at, last_error) VALUES (?,1,?,?)", jobId,
                    clock.instant().plus(delay(0)), truncated(p.failure()));
        }
    }

    /** Once the end is stored with its records (and followers heard it): the step's remainder. */
    void stored(Job ended, Prepared p) {
        JobFinishedStep s = step;
        if (s != null && p.write() != null) {
            after(s, ended);
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
            JobFinishedStep.Write w = s.prepare(job);
            sql.transaction(c -> {
                w.to(c);
                return Sql.update(c, "DELETE FROM job_followups WHERE job_id = ?", job.id());
            });
        } catch (Exception e) {
            Duration delay = delay(attempts);
            sql.update("UPDATE job_followups SET attempts = attempts + 1, due_at = ?, last_error = ? WHERE job_id = ?",
                    clock.instant().plus(delay), truncated(String.valueOf(e.getMessage())), job.id());
            log.error("the follow-up of finished job {} failed (attempt {}); retrying in {} s", job.id(),
                    attempts + 1, delay.toSeconds(), e);
            return;
        }
        after(s, job);
    }

    private static void after(JobFinishedStep s, Job job) {
        try {
            s.after(job);
        } catch (RuntimeException e) {
            log.warn("after the end of job {}: {}", job.id(), e.toString());
        }
    }

    /** The wait before the next try, after {@code attempts} failed ones: 2 s, doubling, at most five minutes. */
    private static Duration delay(int attempts) {
        return Duration.ofSeconds(Math.min(MAX_DELAY.toSeconds(), 1L << Math.min(attempts + 1, 20)));
    }

    private static String truncated(String why) {
        return why.substring(0, Math.min(why.length(), 1000));
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
