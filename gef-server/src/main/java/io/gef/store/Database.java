package io.gef.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The embedded H2 file database with its connection pool. The schema is owned by Flyway migrations under
 * {@code db/migration}; {@link #migrate()} is an explicit start-up step, never a constructor side effect.
 *
 * <p>Durability (a 2xx is a promise): every repository writes through {@link Sql}, which follows each acknowledged
 * write with {@code CHECKPOINT SYNC}: everything committed is written, the header updated and the file forced to
 * the device before the call returns (shared by writers that commit at once, see GroupSync). {@code WRITE_DELAY=0}
 * makes every other commit (a claim, a start, a container's id) reach the file in the committing thread too, so a
 * {@code kill -9} of the process never loses it: without it H2 writes them from a background thread every 500 ms,
 * and the final CI of 2026-12-02 saw what that costs: a claimed job whose claim was lost came back QUEUED after a
 * kill -9 and ran in a second container beside its first (CrashDurabilityIT, lines 1-2 twice). The claim is
 * slower for it (ClaimBench at 100,000 queued, loaded machine: 2.7 ms without, 12.1 ms with; docs/configuration.md).
 * No {@code QUERY_CACHE_SIZE} above H2's default: with 100 (tried for the claim's speed) AuthIT's real token was
 * refused (401) once some hundred tampered copies of it had been, and passes without it (2026-12-02); not understood.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens (creating if needed) the database file {@code dir/gef.mv.db}. */
    public static Database open(Path dir) {
        HikariConfig c = new HikariConfig();
        // async: an interrupted thread (a cancel, a shutdown) must not close the database mid-write, which a plain
        // FileChannel does now that commits write in the committing thread
        c.setJdbcUrl("jdbc:h2:async:" + dir.resolve("gef").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        c.setUsername("gef");
        c.setPassword("");
        c.setMaximumPoolSize(8);
        c.setPoolName("gef-h2");
        return new Database(new HikariDataSource(c));
    }

    /** Brings the schema to the newest version; safe to call on every start. */
    public Database migrate() {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        return this;
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
