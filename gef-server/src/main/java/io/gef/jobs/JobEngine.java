package io.gef.jobs;

import io.gef.engine.ContainerRunner;

/**
 * An engine jobs are placed on.
 *
 * @param runner            runs the containers there
 * @param capacity          jobs running at once there (at least 1)
 * @param sharesServerFiles whether GEF's volumes can be bind-mounted there (the engine on the server's host, or
 *                          one whose host mounts the server's data directory at the same path)
 */
public record JobEngine(ContainerRunner runner, int capacity, boolean sharesServerFiles) {
    public JobEngine {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity of engine " + runner.engineName() + " must be at least 1");
        }
    }

    public String name() {
        return runner.engineName();
    }

    /** Jobs it takes at once now: on a swarm, {@code capacity} per node that takes jobs, so the pool's nodes count. */
    int capacityNow() {
        return runner.swarmNodes().map(n -> capacity * n.readyCount()).orElse(capacity);
    }
}
