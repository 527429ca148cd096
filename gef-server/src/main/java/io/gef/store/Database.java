package io.gef.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The embedded H2 file database with its connection pool. The schema is owned by Flyway migrations under
 * {@code db/migration}; {@link #migrate()} is an explicit start-up step, never a constructor side effect.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens (creating if needed) the database file {@code dir/gef.mv.db}. */
    public static Database open(Path dir) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:h2:file:" + dir.resolve("gef").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
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
