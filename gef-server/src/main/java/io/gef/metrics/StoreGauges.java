package io.gef.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges counted in the database at scrape time, so they are right after a restart and never drift from what the
 * API shows: jobs by state and service, queued and running jobs per engine, publishing builds by state.
 */
final class StoreGauges {
    private static final Logger log = LoggerFactory.getLogger(StoreGauges.class);
    private static final String BUILD_STATES = "SELECT CASE WHEN doc LIKE '%\"state\":\"QUEUED\"%' THEN 'QUEUED'"
            + " WHEN doc LIKE '%\"state\":\"RUNNING\"%' THEN 'RUNNING'"
            + " WHEN doc LIKE '%\"state\":\"SUCCEEDED\"%' THEN 'SUCCEEDED' WHEN doc LIKE '%\"state\":\"FAILED\"%'"
            + " THEN 'FAILED' ELSE 'OTHER' END AS s, COUNT(*) FROM service_builds GROUP BY s";
    private final DataSource ds;
    private final MultiGauge jobs;
    private final MultiGauge queued;
    private final MultiGauge running;
    private final MultiGauge builds;

    StoreGauges(DataSource ds, MeterRegistry registry) {
        this.ds = ds;
        jobs = MultiGauge.builder("gef_jobs").description("jobs by state and service").register(registry);
        queued = MultiGauge.builder("gef_queue_length").description("jobs waiting to run, per engine")
                .register(registry);
        running = MultiGauge.builder("gef_jobs_running").description("jobs being set up or running, per engine")
                .register(registry);
        builds = MultiGauge.builder("gef_builds").description("publishing builds by state").register(registry);
    }

    void refresh() {
        try (Connection c = ds.getConnection()) {
            jobs.register(rows(c, "SELECT state, COALESCE(service_name, ''), COUNT(*) FROM jobs"
                    + " GROUP BY state, service_name", "state", "service"), true);
            // summed over every engine that ever had a job, so an idle engine shows 0 rather than no series
            queued.register(rows(c, "SELECT COALESCE(engine, 'any'), SUM(CASE WHEN state = 'QUEUED' THEN 1 ELSE 0"
                    + " END) FROM jobs GROUP BY engine", "engine"), true);
            running.register(rows(c, "SELECT COALESCE(engine, 'any'), SUM(CASE WHEN state IN ('INITIALIZING',"
                    + " 'RUNNING') THEN 1 ELSE 0 END) FROM jobs GROUP BY engine", "engine"), true);
            builds.register(rows(c, BUILD_STATES, "state"), true);
        } catch (SQLException e) {
            // a scrape must still answer (JVM and HTTP metrics) while the database is unwell; health reports it
            log.warn("metrics: cannot count jobs and builds: {}", e.toString());
        }
    }

    /** One gauge row per result row: the first columns are the tag values, the last one the count. */
    private static List<MultiGauge.Row<?>> rows(Connection c, String sql, String... tags) throws SQLException {
        List<MultiGauge.Row<?>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String[] kv = new String[tags.length * 2];
                for (int i = 0; i < tags.length; i++) {
                    kv[2 * i] = tags[i];
                    kv[2 * i + 1] = rs.getString(i + 1);
                }
                out.add(MultiGauge.Row.of(Tags.of(kv), rs.getLong(tags.length + 1)));
            }
        }
        return out;
    }
}
