package io.gef.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The engines this server runs jobs on, for the admin's view of them ({@code GET /api/engines}). */
public final class Engines {
    /** One engine: its runner and its configuration, with the capacity in force. */
    public record Entry(ContainerRunner runner, EngineSettings settings, int capacity) {
    }

    private final List<Entry> entries;
    private final Supplier<Map<String, Integer>> queued;

    /** One engine per runner, without configuration or queue (tests). */
    public Engines(List<ContainerRunner> runners) {
        this(runners.stream().map(r -> new Entry(r, null, 0)).toList(), Map::of);
    }

    /** @param queued queued jobs waiting, by engine name, asked at each call */
    public Engines(List<Entry> entries, Supplier<Map<String, Integer>> queued) {
        this.entries = List.copyOf(entries);
        this.queued = queued;
    }

    /** Asks every engine about itself, right now; an engine that does not answer is listed unreachable. */
    public List<EngineInfo> describe() {
        Map<String, Integer> waiting = queued.get();
        return entries.stream().map(e -> {
            EngineInfo info = e.runner().describe();
            return e.settings() == null ? info : info.placed(e.capacity(), e.settings().labels(),
                    waiting.getOrDefault(e.runner().engineName(), 0), e.settings().sharesServerFiles());
        }).toList();
    }
}
