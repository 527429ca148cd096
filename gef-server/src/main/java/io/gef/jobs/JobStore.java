package io.gef.jobs;

import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Jobs, their tags and event histories in H2. Every change of a job is a compare-and-set on its state, which is
 * what makes "a job never runs twice" and "terminal states never change" hold across threads. The
 * {@code Connection}-taking methods join a transaction the caller ({@link JobRecorder}) opened, so that writes
 * that belong together (a job and its first event; a terminal state, its event and its follow-up) commit as one.
 */
final class JobStore {
    private final Sql sql;

    /**
     * Jobs read in a terminal state, which never changes again ({@link #replace} refuses it): a job polled by its
     * client after it ended is answered without a query and a JSON parse. Bounded, least recently used out, and
     * small: a job's document with its policy decision and sandbox is about 15 KiB on the heap, and 2,000 of them
     * were a third of the live heap after 10,000 jobs (issue 18, server-rss-mib-after-10000-jobs), for polls that
     * come within seconds of the end.
     */
    private final Map<String, Job> ended = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(512, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
                    return size() > 256;
                }
            });

    JobStore(Sql sql) {
        this.sql = sql;
    }

    /** The database the store writes to, for writers that join its statements into one transaction. */
    Sql sql() {
        return sql;
    }

    void insert(Job job) {
        sql.transaction(c -> {
            insert(c, job);
            return null;
        });
    }

    /** Inserts a new job and its tags as part of the caller's transaction. */
    static void insert(Connection c, Job job) throws SQLException {
        Sql.update(c, "INSERT INTO jobs(id, owner_id, name, state, service_name, engine, created_at, doc)"
                + " VALUES (?,?,?,?,?,?,?,?)", job.id(), job.owner(), job.name(), job.state().name(),
                job.serviceName(), job.engine(), job.createdAt(), JsonCodec.write(job));
        for (Map.Entry<String, String> t : job.tags().entrySet()) {
            Sql.update(c, "INSERT INTO job_tags(job_id, tag, val) VALUES (?,?,?)", job.id(), t.getKey(),
                    t.getValue());
        }
        recordVolumes(c, job);
    }

    /**
     * Rows for the volumes this version of the job names (staging and outputs add them as the job goes), each
     * saying whether the job writes it (V77).
     */
    private static void recordVolumes(Connection c, Job job) throws SQLException {
        Set<String> written = new TreeSet<>();
        job.outputs().stream().map(JobOutput::volumeId).filter(Objects::nonNull).forEach(written::add);
        for (String v : volumeIds(job)) {
            Sql.update(c, "MERGE INTO job_volumes(job_id, volume_id, writes) KEY(job_id, volume_id) VALUES (?,?,?)",
                    job.id(), v, written.contains(v));
        }
    }

    private static Set<String> volumeIds(Job job) {
        Set<String> ids = new TreeSet<>();
        job.inputs().stream().map(JobInput::volumeId).filter(Objects::nonNull).forEach(ids::add);
        job.outputs().stream().map(JobOutput::volumeId).filter(Objects::nonNull).forEach(ids::add);
        return ids;
    }

    Optional<Job> get(String id) {
        Job ended = this.ended.get(id);
        if (ended != null) {
            return Optional.of(ended);
        }
        Optional<Job> job = sql.one("SELECT doc FROM jobs WHERE id = ?", rs -> JsonCodec.read(rs.getString(1),
                Job.class), id);
        job.filter(j -> j.state().isTerminal()).ifPresent(j -> this.ended.put(id, j));
        return job;
    }

    /** Replaces the job if it is still in {@code expected}; false when someone else moved it first. */
    boolean replace(Job updated, JobState expected) {
        return sql.transaction(c -> replace(c, updated, expected));
    }

    /** {@link #replace(Job, JobState)} as part of the caller's transaction. */
    static boolean replace(Connection c, Job updated, JobState expected) throws SQLException {
        return replace(c, null, updated, expected);
    }

    /**
     * {@link #replace(Connection, Job, JobState)} knowing the version it replaces ({@code previous}, may be null):
     * the volume rows are written only when the job names a volume that version did not (a claim or a start names
     * the same ones, and rewriting them was two statements per state change).
     */
    static boolean replace(Connection c, Job previous, Job updated, JobState expected) throws SQLException {
        if (expected.isTerminal() || expected != updated.state() && !expected.canMoveTo(updated.state())) {
            throw new IllegalStateException("job " + updated.id() + ": " + expected + " -> " + updated.state());
        }
        boolean won = Sql.update(c, "UPDATE jobs SET state = ?, engine = ?, doc = ? WHERE id = ? AND state = ?",
                updated.state().name(), updated.engine(), JsonCodec.write(updated), updated.id(),
                expected.name()) == 1;
        if (won && (previous == null || !volumeIds(previous).containsAll(volumeIds(updated)))) {
            recordVolumes(c, updated);
        }
        return won;
    }

    JobPage list(JobQuery q) {
        return JobListing.list(sql, q);
    }

    /** Queued jobs, oldest first: the durable queue (ordered along the (state, seq) index, see JobListing.order). */
    List<Job> queued(int limit) {
        return sql.list("SELECT doc FROM jobs WHERE state = 'QUEUED' ORDER BY state, seq LIMIT ?",
                rs -> JsonCodec.read(rs.getString(1), Job.class), limit);
    }

    /**
     * Each user's oldest queued job, leaving out the jobs {@code skipIds} and the users {@code skipOwners}, in no
     * particular order: the heads of the fair queue's per-user lines. Read as a loose scan of the (state, owner,
     * seq) index: one seek per user with queued jobs, each reading one row, so a queue of 100,000 jobs costs what a
     * queue of ten does (a GROUP BY read every queued row on every pass).
     */
    List<Job> queuedHeads(Collection<String> skipIds, Collection<String> skipOwners) {
        // ">= the owner's successor", not "> the owner": H2 seeks a '>' bound to the owner's first entry and then
        // reads all of that owner's queued jobs to skip them (38 ms with 100,000 queued); '>=' seeks past them
        String query = "SELECT owner_id, doc FROM jobs WHERE state = 'QUEUED' AND owner_id >= ?"
                + notIn("id", skipIds.size()) + " ORDER BY state, owner_id, seq LIMIT 1";
        record Head(String owner, String doc) {
        }
        return sql.withConnection(c -> {
            List<Job> heads = new ArrayList<>();
            List<Object> params = new ArrayList<>();
            params.add("");
            params.addAll(skipIds);
            for (List<Head> h = Sql.list(c, query, rs -> new Head(rs.getString(1), rs.getString(2)),
                    params.toArray()); !h.isEmpty(); h = Sql.list(c, query,
                    rs -> new Head(rs.getString(1), rs.getString(2)), params.toArray())) {
                Head head = h.getFirst();
                if (!skipOwners.contains(head.owner())) {
                    heads.add(JsonCodec.read(head.doc(), Job.class));
                }
                params.set(0, head.owner() + "\u0000"); // the smallest string after the owner's id
            }
            return heads;
        });
    }

    private static String notIn(String column, int n) {
        return n == 0 ? "" : " AND " + column + " NOT IN (" + String.join(",", java.util.Collections.nCopies(n, "?"))
                + ")";
    }

    /** Jobs queued, anyone's. */
    int countQueued() {
        return sql.one("SELECT COUNT(*) FROM jobs WHERE state = 'QUEUED'", rs -> rs.getInt(1)).orElse(0);
    }

    /** Jobs of {@code owner} in {@code state}. */
    int count(String owner, JobState state) {
        return sql.one("SELECT COUNT(*) FROM jobs WHERE owner_id = ? AND state = ?", rs -> rs.getInt(1), owner,
                state.name()).orElse(0);
    }

    /**
     * How many queued jobs start before {@code jobId} in the dispatcher's fair order (0: it is next; see
     * {@link QueuePosition}), or empty when it is not queued. Two small queries: the job's place among its owner's
     * queued jobs, and each user's count of queued jobs.
     */
    Optional<Integer> queuePosition(String jobId, java.util.function.ToLongFunction<String> lastServed) {
        record Own(String owner, int ahead) {
        }
        return sql.one("SELECT j.owner_id, (SELECT COUNT(*) FROM jobs q WHERE q.state = 'QUEUED'"
                + " AND q.owner_id = j.owner_id AND q.seq < j.seq) FROM jobs j WHERE j.id = ? AND j.state = 'QUEUED'",
                rs -> new Own(rs.getString(1), rs.getInt(2)), jobId).flatMap(own -> {
                    List<QueuePosition.Share> shares = sql.list("SELECT owner_id, COUNT(*), MIN(seq) FROM jobs"
                            + " WHERE state = 'QUEUED' GROUP BY owner_id", rs -> new QueuePosition.Share(
                            rs.getString(1), rs.getInt(2), rs.getLong(3)));
                    // it may have left the queue between the two queries
                    return shares.stream().anyMatch(s -> s.owner().equals(own.owner()))
                            ? Optional.of(QueuePosition.ahead(own.owner(), own.ahead(), shares, lastServed))
                            : Optional.empty();
                });
    }

    /** Jobs that were being set up or run: after a restart nobody is watching them any more. */
    List<Job> inFlight() {
        return sql.list("SELECT doc FROM jobs WHERE state IN ('INITIALIZING', 'RUNNING')",
                rs -> JsonCodec.read(rs.getString(1), Job.class));
    }

    /**
     * True when a job setting up or running has {@code volumeId} as an output: the volume's writers from V77's
     * index (the jobs that only read it, possibly thousands, are not looked at).
     */
    boolean volumeBeingWritten(String volumeId) {
        return sql.list("SELECT j.doc FROM job_volumes v JOIN jobs j ON j.id = v.job_id WHERE v.volume_id = ?"
                + " AND v.writes = TRUE AND j.state IN ('INITIALIZING','RUNNING')",
                rs -> JsonCodec.read(rs.getString(1), Job.class), volumeId).stream()
                .anyMatch(j -> j.outputs().stream().anyMatch(o -> volumeId.equals(o.volumeId())));
    }

    /** True when a queued or running job reads or writes {@code volumeId} (an index lookup, see V40). */
    boolean volumeInUse(String volumeId) {
        return sql.one("SELECT 1 FROM job_volumes v JOIN jobs j ON j.id = v.job_id WHERE v.volume_id = ?"
                + " AND j.state IN ('QUEUED','INITIALIZING','RUNNING') LIMIT 1", rs -> true, volumeId).isPresent();
    }

    JobEvent appendEvent(String jobId, Instant at, String type, Map<String, Object> data) {
        return sql.transaction(c -> appendEvent(c, jobId, at, type, data));
    }

    /**
     * Appends an event with the next sequence number of its job, as part of the caller's transaction. Writers of
     * one job's events (its execution, a cancel, a reconciliation) queue on the job's row lock, so each reads the
     * number the previous one committed.
     */
    static JobEvent appendEvent(Connection c, String jobId, Instant at, String type, Map<String, Object> data)
            throws SQLException {
        lockRow(c, jobId);
        return appendEventHoldingRow(c, jobId, at, type, data);
    }

    /** Takes the job's row lock for the caller's transaction: its event writers queue here. */
    static void lockRow(Connection c, String jobId) throws SQLException {
        Sql.list(c, "SELECT id FROM jobs WHERE id = ? FOR UPDATE", rs -> rs.getString(1), jobId);
    }

    /**
     * {@link #appendEvent} when the caller's transaction already holds the job's row lock (it inserted or updated
     * the row, or appended an event before): the extra locking read is a statement H2 cannot cache, parsed anew
     * every time, and one of the claim's larger costs.
     */
    static JobEvent appendEventHoldingRow(Connection c, String jobId, Instant at, String type,
                                          Map<String, Object> data) throws SQLException {
        long seq = Sql.list(c, "SELECT COALESCE(MAX(seq), 0) + 1 FROM job_events WHERE job_id = ?",
                rs -> rs.getLong(1), jobId).getFirst();
        Sql.update(c, "INSERT INTO job_events(job_id, seq, at, type, data) VALUES (?,?,?,?,?)", jobId, seq, at,
                type, JsonCodec.write(data));
        return new JobEvent(seq, at, type, data);
    }

    List<JobEvent> events(String jobId) {
        return sql.list("SELECT seq, at, type, data FROM job_events WHERE job_id = ? ORDER BY seq",
                rs -> new JobEvent(rs.getLong(1), Sql.instant(rs, "at"), rs.getString(3),
                        readMap(rs.getString(4))), jobId);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(String json) {
        return new TreeMap<String, Object>(JsonCodec.read(json, Map.class));
    }
}
