package io.gef.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gef.engine.EngineStatus;
import java.util.List;

/** Health of the parts GEF needs: {@code status} is "ok" or "degraded". */
public record HealthReport(String status, List<EngineStatus> engines, RegistryStatus registry) {
    public record RegistryStatus(String url, boolean reachable) {
    }

    static HealthReport of(List<EngineStatus> engines, RegistryStatus registry) {
        boolean ok = registry.reachable() && engines.stream().allMatch(EngineStatus::reachable);
        return new HealthReport(ok ? "ok" : "degraded", engines, registry);
    }

    @JsonIgnore
    public boolean ok() {
        return "ok".equals(status);
    }
}
