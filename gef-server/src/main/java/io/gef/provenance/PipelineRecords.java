package io.gef.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.jobs.VolumeAccess;
import io.gef.pipelines.Pipeline;
import io.gef.pipelines.PipelineProvenance;
import io.gef.pipelines.PipelineStep;
import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.io.IOException;
import java.io.OutputStream;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provenance of pipelines: a signed in-toto statement whose subjects are the steps' own statements (by the sha256
 * of each signed payload), with the pipeline document, the graph and each step's job; and the Workflow Run Crate.
 */
final class PipelineRecords implements PipelineProvenance {
    static final String PREDICATE = "https://github.com/EUDAT-B2HANDLE/gef/pipeline/v1";
    private final Sql sql;
    private final VolumeAccess volumes;
    private final PrivateKey key;
    private final String keyId;
    private final Clock clock;

    PipelineRecords(Sql sql, VolumeAccess volumes, PrivateKey key, String keyId, Clock clock) {
        this.sql = sql;
        this.volumes = volumes;
        this.key = key;
        this.keyId = keyId;
        this.clock = clock;
    }

    @Override
    public void record(Pipeline p) {
        if (!p.state().isTerminal() || envelope(p.id()).isPresent()) {
            return;
        }
        byte[] body = Provenance.canonical(statement(p, stepStatements(p)));
        Dsse.Envelope e = Dsse.sign(Dsse.IN_TOTO, body, key, keyId);
        sql.update("MERGE INTO pipeline_provenance(pipeline_id, envelope, created_at) KEY(pipeline_id) VALUES"
                + " (?,?,?)", p.id(), JsonCodec.write(e), clock.instant());
    }

    /** Each step's envelope by step name; a step whose job ran must have one already, else this throws. */
    Map<String, Dsse.Envelope> stepStatements(Pipeline p) {
        Map<String, Dsse.Envelope> out = new LinkedHashMap<>();
        for (PipelineStep s : p.steps()) {
            if (s.jobId() == null || s.startedAt() == null) {
                continue;
            }
            Dsse.Envelope e = Provenance.stored(sql, s.jobId()).orElseThrow(() -> new IllegalStateException(
                    "step " + s.name() + ": job " + s.jobId() + " has no statement yet"));
            out.put(s.name(), e);
        }
        return out;
    }

    static Map<String, Object> statement(Pipeline p, Map<String, Dsse.Envelope> steps) {
        List<Object> subjects = new ArrayList<>();
        List<Object> stepList = new ArrayList<>();
        for (PipelineStep s : p.steps()) {
            Dsse.Envelope e = steps.get(s.name());
            String sha = e == null ? null : Provenance.sha256(e.payloadBytes());
            if (sha != null) {
                subjects.add(Map.of("name", "step/" + s.name(), "digest", Map.of("sha256", sha)));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("service", s.service());
            m.put("state", s.state().name());
            m.put("dependsOn", s.dependsOn());
            m.put("jobId", s.jobId());
            m.put("attempt", s.attempt());
            m.put("statementSha256", sha);
            stepList.add(m);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", p.id());
        run.put("name", p.name());
        run.put("owner", p.owner());
        run.put("state", p.state().name());
        run.put("error", p.error());
        run.put("createdAt", String.valueOf(p.createdAt()));
        run.put("endedAt", String.valueOf(p.endedAt()));
        run.put("replayOf", p.replayOf());
        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("pipeline", run);
        predicate.put("document", p.document());
        predicate.put("steps", stepList);
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        statement.put("subject", subjects);
        statement.put("predicateType", PREDICATE);
        statement.put("predicate", predicate);
        return statement;
    }

    @Override
    public Optional<JsonNode> envelope(String pipelineId) {
        return sql.one("SELECT envelope FROM pipeline_provenance WHERE pipeline_id = ?",
                rs -> JsonCodec.read(rs.getString(1), JsonNode.class), pipelineId);
    }

    @Override
    public void crate(Pipeline p, OutputStream out) throws IOException {
        WorkflowCrate.write(p, stepStatements(p), envelope(p.id()).orElse(null), volumes, out);
    }
}
