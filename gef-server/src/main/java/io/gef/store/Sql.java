package io.gef.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A thin JDBC helper so repositories read as SQL plus a row mapper. Parameters of type {@link Instant} are stored
 * as timestamps; SQL failures surface as {@link StoreException} with the statement's intent, never the SQL text,
 * in the message shown to clients.
 */
public final class Sql {
    private final DataSource ds;
    private final GroupSync sync;

    public Sql(DataSource ds) {
        this.ds = ds;
        this.sync = GroupSync.of(ds);
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface InTransaction<T> {
        T run(Connection c) throws SQLException;
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection c = ds.getConnection()) {
            return list(c, sql, mapper, params);
        } catch (SQLException e) {
            throw new StoreException("query failed", e);
        }
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** Runs read-only {@code work} on one connection (several queries without a pool round trip each). */
    public <T> T withConnection(InTransaction<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("query failed", e);
        }
    }

    /** Runs an insert/update/delete; returns the number of rows changed. */
    public int update(String sql, Object... params) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = prepare(c, sql, params)) {
            int n = ps.executeUpdate();
            if (n > 0) {
                persist(c);
            }
            return n;
        } catch (SQLException e) {
            throw new StoreException("update failed", e);
        }
    }

    /** Runs {@code work} in one transaction, committed if it returns, rolled back if it throws. */
    public <T> T transaction(InTransaction<T> work) {
        return transaction(work, true);
    }

    /**
     * Like {@link #transaction} but without forcing the commit to disk: it becomes durable with the next forced
     * write of any connection ({@code CHECKPOINT SYNC} writes the whole store) or at a clean close, and a kill -9
     * before that loses it. Only for changes nobody was promised and that a restart re-derives, e.g. a job claimed
     * from the queue whose next forced write comes before anything outside the database happens (JobDispatcher).
     */
    public <T> T transactionUnforced(InTransaction<T> work) {
        return transaction(work, false);
    }

    /** An insert/update/delete like {@link #update}, without the forced write (see {@link #transactionUnforced}). */
    public int updateUnforced(String sql, Object... params) {
        return transaction(c -> update(c, sql, params), false);
    }

    private <T> T transaction(InTransaction<T> work, boolean forced) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                if (forced) {
                    persist(c);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("transaction failed", e);
        }
    }

    public static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            ps.setObject(i + 1, p instanceof Instant t ? Timestamp.from(t) : p);
        }
        return ps;
    }

    /** Makes what this connection committed survive a crash of the process or the machine (see {@link Database}). */
    private void persist(Connection c) throws SQLException {
        sync.persist(c);
    }

    /** An insert/update/delete inside a {@link #transaction}; returns the number of rows changed. */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /** A query inside a {@link #transaction}. */
    public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
