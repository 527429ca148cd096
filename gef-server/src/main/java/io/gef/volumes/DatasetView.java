package io.gef.volumes;

import io.gef.auth.Caller;
import io.gef.volumes.store.Dataset;
import java.time.Instant;
import java.util.Map;

/** A dataset as a caller sees it: where it lies on the engine's host ({@code hostPath}) only for admins. */
public record DatasetView(String name, String engine, String hostPath, String description, Instant registeredAt,
                          Map<String, String> nodeLabels) {
    static DatasetView of(Dataset d, Caller c) {
        return new DatasetView(d.name(), d.engine(), c.isAdmin() ? d.hostPath() : null, d.description(),
                d.registeredAt(), d.nodeLabels());
    }
}
