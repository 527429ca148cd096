package io.gef.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.Job;
import io.gef.jobs.JobFinishedStep;
import io.gef.jobs.JobOutput;
import io.gef.jobs.JobService;
import io.gef.jobs.VolumeAccess;
import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed provenance of jobs: {@link #prepare} signs an in-toto statement when a job that ran ends;
 * {@link #envelope} returns it; {@link #verify} checks a presented envelope's signature and, for a caller who may
 * see the job, whether its subjects still match the stored outputs.
 */
public final class Provenance {
    /**
     * Keys in order, made once: a mapper copied per statement starts with empty serializer caches and worked out the
     * statement's classes again for every finished job (1.4-5.8 ms between a job's end and followers hearing it).
     */
    private static final ObjectWriter CANONICAL = JsonCodec.mapper().writer()
            .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Logger log = LoggerFactory.getLogger(Provenance.class);
    private final Sql sql;
    private final VolumeAccess volumes;
    private final JobService jobs;
    private final PrivateKey key;
    private final String keyId;
    private final Map<String, PublicKey> verifyKeys;
    private final Statements.RunInfo run;
    private final Clock clock;
    private final io.gef.registry.RegistryClient registry;
    /**
     * Config digests by image pinned by digest: the manifest behind a digest never changes, so a registry round
     * trip per finished job (on the path between a job's end and followers hearing it) is needed once per image.
     */
    private final Map<String, String> configDigests = new java.util.concurrent.ConcurrentHashMap<>();

    public Provenance(DataSource ds, VolumeAccess volumes, JobService jobs, io.gef.registry.RegistryClient registry,
                      PrivateKey key, String keyId, PublicKey publicKey, String engine, String engineVersion,
                      String host, Clock clock) {
        this.registry = registry;
        this.sql = new Sql(ds);
        this.volumes = volumes;
        this.jobs = jobs;
        this.key = key;
        this.keyId = keyId;
        this.verifyKeys = Map.of(keyId, publicKey);
        this.run = new Statements.RunInfo(engine, engineVersion, host);
        this.clock = clock;
    }

    /**
     * Signs the provenance of a job that ran and returns its write (jobs that never started have none), to be
     * stored with the job's end. Idempotent; a failure (key unreadable, volume unreadable, database down)
     * propagates, so the jobs' follow-up step retries.
     */
    public JobFinishedStep.Write prepare(Job job) {
        if (job.startedAt() == null) {
            return JobFinishedStep.Write.NOTHING;
        }
        Map<String, List<VolumeAccess.FileDigest>> files = new LinkedHashMap<>();
        for (JobOutput o : job.outputs()) {
            if (o.volumeId() != null) {
                files.put(o.name(), volumes.files(o.volumeId()));
            }
        }
        byte[] body = canonical(Statements.of(job, files, run, configDigest(job.image()), consumed(job),
                placement(job)));
        String envelope = JsonCodec.write(Dsse.sign(Dsse.IN_TOTO, body, key, keyId));
        var at = clock.instant();
        return c -> Sql.update(c, "MERGE INTO provenance(job_id, envelope, created_at) KEY(job_id) VALUES (?,?,?)",
                job.id(), envelope, at);
    }

    /**
     * The statements of the jobs whose outputs this job read (a pipeline step's producers, named by its
     * {@code gef.from.<input>} tags), by the sha256 of each signed payload. A tag counts only when that input really
     * mounted one of the named job's output volumes; a producer without a statement yet makes this throw, so the
     * follow-up step retries.
     */
    private Map<String, String> consumed(Job job) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var in : job.inputs()) {
            String producer = job.tags().get("gef.from." + in.name());
            if (producer == null || in.volumeId() == null) {
                continue;
            }
            Job p = jobs.get(SYSTEM, producer);
            if (p.outputs().stream().noneMatch(o -> in.volumeId().equals(o.volumeId()))) {
                continue;
            }
            Dsse.Envelope e = stored(sql, producer).orElseThrow(() -> new IllegalStateException("job " + producer
                    + ", whose output job " + job.id() + " read, has no statement yet"));
            out.put(producer, sha256(e.payloadBytes()));
        }
        return out;
    }

    /** The placement recorded when the job was dequeued, and every copy of an input made for it. */
    private Map<String, Object> placement(Job job) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> copies = new java.util.ArrayList<>();
        for (var e : jobs.events(SYSTEM, job.id())) {
            if (e.type().equals("dequeued")) {
                out.put("engine", e.data().get("engine"));
                out.put("why", e.data().get("placement"));
            } else if (e.type().equals("input-copied")) {
                copies.add(e.data());
            }
        }
        out.put("inputsCopied", copies);
        return out;
    }

    /** Reads every job, to name the statements a job consumed; never shown to anyone. */
    private static final Caller SYSTEM = new Caller("system", "provenance", java.util.Set.of(io.gef.auth.Role.ADMIN));

    static Optional<Dsse.Envelope> stored(Sql sql, String jobId) {
        return sql.one("SELECT envelope FROM provenance WHERE job_id = ?", rs -> JsonCodec.read(rs.getString(1),
                Dsse.Envelope.class), jobId);
    }

    static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signing and crates of pipelines, with this server's key. */
    public io.gef.pipelines.PipelineProvenance forPipelines() {
        return new PipelineRecords(sql, volumes, key, keyId, clock);
    }

    private String configDigest(String pinned) {
        String known = configDigests.get(pinned);
        if (known != null) {
            return known;
        }
        try {
            var ref = io.gef.registry.ImageRef.parse(pinned);
            String digest = registry.manifest(ref.repository(), ref.digest()).configDigest();
            if (digest != null && configDigests.size() < 10_000) {
                configDigests.put(pinned, digest);
            }
            return digest;
        } catch (RuntimeException e) {
            log.warn("could not read the config digest of {}: {}", pinned, e.toString());
            return null;
        }
    }

    public Dsse.Envelope envelope(Caller caller, String jobId) {
        jobs.get(caller, jobId); // 404 unless the caller may see the job
        return sql.one("SELECT envelope FROM provenance WHERE job_id = ?", rs -> JsonCodec.read(rs.getString(1),
                Dsse.Envelope.class), jobId).orElseThrow(() -> new GefException(ErrorCode.NO_PROVENANCE,
                "job " + jobId + " has no provenance (it has not run to an end yet)"));
    }

    /** Streams the job's RO-Crate (Process Run Crate) as a zip; 404 unless the caller may see the job. */
    public void crate(Caller caller, String jobId, java.io.OutputStream out) throws IOException {
        Job job = jobs.get(caller, jobId);
        if (!job.state().isTerminal()) {
            throw new GefException(ErrorCode.JOB_NOT_FINISHED, "job " + jobId + " has not finished yet");
        }
        Dsse.Envelope e = sql.one("SELECT envelope FROM provenance WHERE job_id = ?",
                rs -> JsonCodec.read(rs.getString(1), Dsse.Envelope.class), jobId).orElse(null);
        RoCrate.write(job, volumes, e, out);
    }

    /** The verdict on one subject: what the statement says against what the output volume holds now. */
    public record SubjectCheck(String name, String expectedSha256, String actualSha256, boolean matches) {
    }

    public record Verdict(boolean signatureValid, String keyId, String jobId, Boolean subjectsMatch,
                          List<SubjectCheck> subjects, List<String> problems) {
    }

    public Verdict verify(Caller caller, JsonNode presented) {
        Dsse.Envelope e;
        try {
            e = JsonCodec.mapper().treeToValue(presented, Dsse.Envelope.class);
        } catch (IOException | IllegalArgumentException x) {
            throw new GefException(ErrorCode.BAD_ENVELOPE,
                    "the body is not a DSSE envelope {payloadType, payload, signatures}");
        }
        List<String> problems = new ArrayList<>();
        String kid = Dsse.verify(e, verifyKeys);
        if (kid == null) {
            problems.add("no signature verifies with the server's keys (GET /api/keys)");
        }
        if (!Dsse.IN_TOTO.equals(e.payloadType())) {
            problems.add("payloadType is not " + Dsse.IN_TOTO);
        }
        JsonNode statement;
        try {
            statement = JsonCodec.mapper().readTree(e.payloadBytes());
        } catch (IOException | RuntimeException x) {
            problems.add("the payload is not JSON");
            return new Verdict(kid != null, kid, null, null, List.of(), problems);
        }
        String jobId = statement.path("predicate").path("runDetails").path("metadata").path("invocationId")
                .asText(null);
        Job job = null;
        try {
            job = jobId == null ? null : jobs.get(caller, jobId);
        } catch (GefException notVisible) {
            if (notVisible.status() != 404) {
                throw notVisible;
            }
            problems.add("the job is not one the caller may see, so its outputs were not compared");
        }
        if (job == null || kid == null) {
            return new Verdict(kid != null, kid, jobId, null, List.of(), problems);
        }
        Map<String, String> now = io.gef.jobs.OutputFiles.digests(job, volumes);
        List<SubjectCheck> checks = new ArrayList<>();
        for (JsonNode s : statement.path("subject")) {
            String name = s.path("name").asText();
            String expected = s.path("digest").path("sha256").asText();
            String actual = now.get(name);
            checks.add(new SubjectCheck(name, expected, actual, expected.equals(actual)));
        }
        boolean match = checks.stream().allMatch(SubjectCheck::matches) && checks.size() == now.size();
        if (!match) {
            problems.add("the stored outputs differ from the statement's subjects");
        }
        return new Verdict(true, kid, jobId, match, checks, problems);
    }

    static byte[] canonical(Object statement) {
        try {
            return CANONICAL.writeValueAsBytes(statement);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
