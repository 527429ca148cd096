package io.gef.server;

import io.gef.engine.DockerEngine;
import io.gef.registry.RegistryClient;
import java.util.List;

/** Asks every engine and the registry whether they answer, right now (no caching: health must not lie). */
public final class HealthCheck {
    private final List<DockerEngine> engines;
    private final RegistryClient registry;

    public HealthCheck(List<DockerEngine> engines, RegistryClient registry) {
        this.engines = List.copyOf(engines);
        this.registry = registry;
    }

    public HealthReport check() {
        var statuses = engines.stream().map(DockerEngine::status).toList();
        var reg = new HealthReport.RegistryStatus(registry.baseUrl(), registry.ping());
        return HealthReport.of(statuses, reg);
    }
}
