package io.gef.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gef.jobs.Job;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a finished job and records how long it spent in each phase, read from its stored events (so the job
 * service needs no timing code of its own): queue (created → stage-in-started), stage_in (→ stage-in-finished),
 * run (container-created → execution-finished), stage_out (execution-finished → ended). A phase the job never
 * reached is not recorded.
 */
public final class JobPhases {
    private static final Logger log = LoggerFactory.getLogger(JobPhases.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource ds;
    private final Metrics metrics;

    JobPhases(DataSource ds, Metrics metrics) {
        this.ds = ds;
        this.metrics = metrics;
    }

    /** Never throws: a metric must not hold back the job's follow-up (provenance). */
    public void record(Job job) {
        String service = job.serviceName() == null ? "" : job.serviceName();
        metrics.jobFinished(job.state().name(), service, job.engine() == null ? "any" : job.engine());
        try {
            Map<String, Instant> at = new HashMap<>();
            long staged = events(job.id(), at);
            phase("queue", service, job.createdAt(), at.get("stage-in-started"));
            phase("stage_in", service, at.get("stage-in-started"), at.get("stage-in-finished"));
            phase("run", service, at.get("container-created"), at.get("execution-finished"));
            phase("stage_out", service, at.get("execution-finished"), job.endedAt());
            if (staged >= 0) {
                metrics.staged(service, staged);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("metrics: cannot read the events of job {}: {}", job.id(), e.toString());
        }
    }

    /** Fills the first time of each event type; returns the bytes staged in, or -1 when stage-in did not end. */
    private long events(String jobId, Map<String, Instant> at) throws SQLException {
        long staged = -1;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT type, at, data FROM job_events WHERE job_id = ? ORDER BY seq")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    at.putIfAbsent(type, rs.getTimestamp(2).toInstant());
                    if (type.equals("stage-in-finished")) {
                        JsonNode data = parse(rs.getString(3));
                        staged = data.path("bytes").asLong(0);
                    }
                }
            }
        }
        return staged;
    }

    private static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private void phase(String name, String service, Instant from, Instant to) {
        if (from != null && to != null && !to.isBefore(from)) {
            metrics.phase(name, service, Duration.between(from, to));
        }
    }
}
