package io.gef.server;

import io.gef.engine.DockerEngine;
import io.gef.registry.RegistryClient;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;

/**
 * Asks the database, every engine and the registry whether they answer, right now (no caching: health must not
 * lie), timing each. Live means the process serves requests; ready means it can run jobs: the database, the
 * registry and at least one engine answer.
 */
public final class HealthCheck {
    private final List<DockerEngine> engines;
    private final RegistryClient registry;
    private final DataSource db;

    public HealthCheck(List<DockerEngine> engines, RegistryClient registry) {
        this(engines, registry, null);
    }

    public HealthCheck(List<DockerEngine> engines, RegistryClient registry, DataSource db) {
        this.engines = List.copyOf(engines);
        this.registry = registry;
        this.db = db;
    }

    public HealthReport check() {
        var statuses = engines.stream().map(e -> {
            long t0 = System.nanoTime();
            var s = e.status();
            return new HealthReport.Timed<>(s, millis(t0));
        }).toList();
        HealthReport.RegistryStatus reg = null;
        if (registry != null) {
            long t0 = System.nanoTime();
            boolean up = registry.ping();
            reg = new HealthReport.RegistryStatus(registry.baseUrl(), up, millis(t0));
        }
        HealthReport.DatabaseStatus database = null;
        if (db != null) {
            long t0 = System.nanoTime();
            database = new HealthReport.DatabaseStatus(databaseAnswers(), millis(t0));
        }
        return HealthReport.of(statuses, reg, database);
    }

    private boolean databaseAnswers() {
        try (Connection c = db.getConnection()) {
            return c.isValid(5);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static double millis(long t0) {
        return Math.round((System.nanoTime() - t0) / 10_000.0) / 100.0;
    }
}
