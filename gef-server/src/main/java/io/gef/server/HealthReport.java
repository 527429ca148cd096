package io.gef.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.gef.engine.EngineStatus;
import java.util.List;

/**
 * Health of the parts GEF needs: {@code status} is "ok" or "degraded"; each part says whether it answered and how
 * long it took ({@code latencyMs}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthReport(String status, List<Timed<EngineStatus>> engines, RegistryStatus registry,
                           DatabaseStatus database) {
    public record RegistryStatus(String url, boolean reachable, double latencyMs) {
    }

    public record DatabaseStatus(boolean reachable, double latencyMs) {
    }

    /** One engine's status with the time it took to answer. */
    public record Timed<T>(@JsonUnwrapped T status, double latencyMs) {
    }

    static HealthReport of(List<Timed<EngineStatus>> engines, RegistryStatus registry, DatabaseStatus database) {
        boolean ok = (registry == null || registry.reachable())
                && (database == null || database.reachable())
                && engines.stream().allMatch(e -> e.status().reachable());
        return new HealthReport(ok ? "ok" : "degraded", engines, registry, database);
    }

    @JsonIgnore
    public boolean ok() {
        return "ok".equals(status);
    }

    /** Ready to run jobs: the database and the registry answer, and at least one engine does. */
    @JsonIgnore
    public boolean ready() {
        return (registry == null || registry.reachable()) && (database == null || database.reachable())
                && engines.stream().anyMatch(e -> e.status().reachable());
    }
}
