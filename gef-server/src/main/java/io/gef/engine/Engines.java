package io.gef.engine;

import java.util.List;

/** The engines this server runs jobs on, for the admin's view of them ({@code GET /api/engines}). */
public final class Engines {
    private final List<ContainerRunner> runners;

    public Engines(List<ContainerRunner> runners) {
        this.runners = List.copyOf(runners);
    }

    /** Asks every engine about itself, right now; an engine that does not answer is listed unreachable. */
    public List<EngineInfo> describe() {
        return runners.stream().map(ContainerRunner::describe).toList();
    }
}
