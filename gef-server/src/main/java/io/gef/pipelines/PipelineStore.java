package io.gef.pipelines;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pipeline and step rows. A pipeline and its steps are inserted in one transaction; every later change is a
 * single-row update guarded by the state it expects, so the runner (the only writer besides cancel) and a crash
 * can never leave a step half moved.
 */
final class PipelineStore {
    private final Sql sql;

    PipelineStore(Sql sql) {
        this.sql = sql;
    }

    /** A stored pipeline: its owner (as the caller its jobs run as) and its step rows. */
    record Row(String id, Caller owner, String name, PipelineState state, boolean cancelAsked, String error,
               Instant createdAt, Instant endedAt, String replayOf, PipelineRequest doc, List<StepRow> steps) {
    }

    record StepRow(String name, int ord, StepState state, List<String> dependsOn, int attempt, String jobId,
                   String replayOf, String message) {
    }

    /** The pipeline and every step (with its first job id when already fixed) in one transaction. */
    void insert(Row p) {
        sql.transaction(c -> {
            Sql.update(c, "INSERT INTO pipelines(id, owner_id, owner_name, owner_roles, name, state, replay_of,"
                            + " created_at, doc) VALUES (?,?,?,?,?,?,?,?,?)", p.id(), p.owner().id(),
                    p.owner().name(), p.owner().roles().stream().map(Role::name).collect(Collectors.joining(",")),
                    p.name(), p.state().name(), p.replayOf(), p.createdAt(), JsonCodec.write(p.doc()));
            for (StepRow s : p.steps()) {
                Sql.update(c, "INSERT INTO pipeline_steps(pipeline_id, name, ord, state, depends_on, attempt,"
                                + " job_id, replay_of) VALUES (?,?,?,?,?,?,?,?)", p.id(), s.name(), s.ord(),
                        s.state().name(), String.join(",", s.dependsOn()), s.attempt(), s.jobId(), s.replayOf());
            }
            return null;
        });
    }

    Optional<Row> get(String id) {
        return sql.one("SELECT * FROM pipelines WHERE id = ?", this::row, id);
    }

    /** Newest first; {@code owner} null lists everyone's. */
    List<Row> list(String owner, int limit) {
        return owner == null
                ? sql.list("SELECT * FROM pipelines ORDER BY seq DESC LIMIT ?", this::row, limit)
                : sql.list("SELECT * FROM pipelines WHERE owner_id = ? ORDER BY seq DESC LIMIT ?", this::row, owner,
                limit);
    }

    List<String> running() {
        return sql.list("SELECT id FROM pipelines WHERE state = 'RUNNING' ORDER BY seq", rs -> rs.getString(1));
    }

    /** Ended pipelines, newest first (the runner signs those without a statement). */
    List<String> ended(int limit) {
        return sql.list("SELECT id FROM pipelines p WHERE state <> 'RUNNING' AND NOT EXISTS (SELECT 1 FROM"
                + " pipeline_provenance v WHERE v.pipeline_id = p.id) ORDER BY seq DESC LIMIT ?", rs -> rs.getString(1),
                limit);
    }

    /** Moves a step from {@code from} (and, when given, from job {@code fromJob}); false if it had moved. */
    boolean moveStep(String pipeline, String step, StepState from, String fromJob, StepState to, String jobId,
                     int attempt, String message) {
        String set = "UPDATE pipeline_steps SET state = ?, job_id = ?, attempt = ?, message = ? WHERE"
                + " pipeline_id = ? AND name = ? AND state = ?";
        return fromJob == null
                ? sql.update(set, to.name(), jobId, attempt, message, pipeline, step, from.name()) == 1
                : sql.update(set + " AND job_id = ?", to.name(), jobId, attempt, message, pipeline, step,
                from.name(), fromJob) == 1;
    }

    boolean askCancel(String id) {
        return sql.update("UPDATE pipelines SET cancel_asked = TRUE WHERE id = ? AND state = 'RUNNING'", id) == 1;
    }

    boolean end(String id, PipelineState state, String error, Instant at) {
        return sql.update("UPDATE pipelines SET state = ?, error = ?, ended_at = ? WHERE id = ? AND state ="
                + " 'RUNNING'", state.name(), error, at, id) == 1;
    }

    private Row row(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        var roles = Arrays.stream(rs.getString("owner_roles").split(",")).filter(s -> !s.isBlank())
                .map(Role::valueOf).collect(Collectors.toSet());
        return new Row(id, new Caller(rs.getString("owner_id"), rs.getString("owner_name"), roles),
                rs.getString("name"), PipelineState.valueOf(rs.getString("state")), rs.getBoolean("cancel_asked"),
                rs.getString("error"), Sql.instant(rs, "created_at"), Sql.instant(rs, "ended_at"),
                rs.getString("replay_of"), JsonCodec.read(rs.getString("doc"), PipelineRequest.class), steps(id));
    }

    private List<StepRow> steps(String id) {
        return sql.list("SELECT * FROM pipeline_steps WHERE pipeline_id = ? ORDER BY ord", rs -> new StepRow(
                rs.getString("name"), rs.getInt("ord"), StepState.valueOf(rs.getString("state")),
                Arrays.stream(rs.getString("depends_on").split(",")).filter(s -> !s.isBlank()).toList(),
                rs.getInt("attempt"), rs.getString("job_id"), rs.getString("replay_of"), rs.getString("message")),
                id);
    }

    static Map<String, StepRow> byName(List<StepRow> steps) {
        return steps.stream().collect(Collectors.toMap(StepRow::name, s -> s, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }
}
