package io.gef.volumes.store;

import java.time.Instant;
import java.util.Map;

/**
 * A directory that already exists on an engine's host, registered by an admin. Jobs mount it read-only; it is
 * never copied. Visible to every authenticated user. On a swarm engine, {@code nodeLabels} (e.g.
 * {@code gef.data=archive-a}) name the nodes that hold it: jobs on it run only there.
 */
public record Dataset(String name, String engine, String hostPath, String description, String registeredBy,
                      Instant registeredAt, Map<String, String> nodeLabels) {
    public Dataset {
        nodeLabels = nodeLabels == null ? Map.of() : Map.copyOf(nodeLabels);
    }
}
