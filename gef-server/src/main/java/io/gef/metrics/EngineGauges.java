package io.gef.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.function.Supplier;

/** Engine health (1 answers, 0 not) and capacity (jobs it may run at once), asked at scrape time. */
public final class EngineGauges {
    /** What the composition root tells about one engine. */
    public record Engine(String name, boolean up, int capacity) {
    }

    private final Supplier<List<Engine>> engines;
    private final MultiGauge up;
    private final MultiGauge capacity;

    EngineGauges(Supplier<List<Engine>> engines, MeterRegistry registry) {
        this.engines = engines;
        up = MultiGauge.builder("gef_engine_up").description("1 when the engine answers, else 0").register(registry);
        capacity = MultiGauge.builder("gef_engine_capacity").description("jobs the engine may run at once")
                .register(registry);
    }

    void refresh() {
        List<Engine> now = engines.get();
        up.register(now.stream().map(e -> MultiGauge.Row.of(Tags.of("engine", e.name()), e.up() ? 1 : 0))
                .map(r -> (MultiGauge.Row<?>) r).toList(), true);
        capacity.register(now.stream().map(e -> MultiGauge.Row.of(Tags.of("engine", e.name()), e.capacity()))
                .map(r -> (MultiGauge.Row<?>) r).toList(), true);
    }
}
