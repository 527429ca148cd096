package io.gef.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Appends and lists audit entries. Callers record after their change committed: an entry is never written for a
 * change that was refused. Details must not hold secrets (tokens are named by id, never by value).
 */
public final class AuditLog {
    private final Sql sql;
    private final Clock clock;

    public AuditLog(DataSource ds, Clock clock) {
        this.sql = new Sql(ds);
        this.clock = clock;
    }

    /** Records that {@code who} did {@code action} (e.g. {@code user.created}) to {@code target}. */
    public void record(Actor who, String action, String target, Map<String, ?> details) {
        sql.update("INSERT INTO audit_log (at, actor_id, actor_name, address, action, target, details)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", Timestamp.from(clock.instant()), who.id(), who.name(),
                who.address(), action, target, JsonCodec.write(details));
    }

    /** Newest first, at most {@code limit} (1..500), older than {@code before} when given. Admins only. */
    public List<AuditEntry> list(Actor caller, Long before, int limit) {
        if (!caller.isAdmin()) {
            throw new GefException(ErrorCode.ROLE_REQUIRED, "the audit log is for admins");
        }
        int n = Math.max(1, Math.min(limit, 500));
        return sql.list("SELECT seq, at, actor_id, actor_name, address, action, target, details FROM audit_log"
                        + " WHERE seq < ? ORDER BY seq DESC LIMIT ?", rs -> new AuditEntry(rs.getLong(1),
                        Sql.instant(rs, "at"), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), JsonCodec.read(rs.getString(8), JsonNode.class)),
                before == null ? Long.MAX_VALUE : before, n);
    }
}
