package io.gef.notices;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records notices for admins and lists them, newest first.
 *
 * <pre>curl -s -H "Authorization: Bearer $(cat var/admin.token)" http://localhost:8080/api/notices</pre>
 */
public final class Notices {
    private static final Logger log = LoggerFactory.getLogger(Notices.class);
    private static final int MAX_LIMIT = 500;
    private final Sql sql;
    private final Clock clock;

    public Notices(DataSource ds, Clock clock) {
        this.sql = new Sql(ds);
        this.clock = clock;
    }

    /** Stores a notice and logs it as a warning. */
    public void record(String kind, String message, Map<String, Object> data) {
        log.warn("notice {}: {} {}", kind, message, data);
        sql.update("INSERT INTO notices(at, kind, message, data) VALUES (?,?,?,?)", clock.instant(), kind, message,
                JsonCodec.write(data));
    }

    /** The newest notices (at most {@code limit}, capped at 500); admins only. */
    public List<Notice> list(Caller caller, int limit) {
        caller.require(Role.ADMIN);
        return sql.list("SELECT seq, at, kind, message, data FROM notices ORDER BY seq DESC LIMIT ?",
                rs -> new Notice(rs.getLong(1), Sql.instant(rs, "at"), rs.getString(3), rs.getString(4),
                        readMap(rs.getString(5))), Math.max(1, Math.min(limit, MAX_LIMIT)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(String json) {
        return new TreeMap<String, Object>(JsonCodec.read(json, Map.class));
    }
}
