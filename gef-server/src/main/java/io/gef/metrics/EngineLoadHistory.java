package io.gef.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each engine's load over the last hour, for the engines page's chart ({@code loadHistory} of
 * {@code GET /api/engines}): one point per minute holding the most jobs that ran and waited at once during that
 * minute, as the dispatcher counted them. Peaks rather than a reading at the minute's edge, so a job of a few
 * seconds still shows. Kept in memory only and bounded ({@link #MINUTES} points per engine): a restart starts an
 * empty chart, which is fine for "what happened lately". Thread-safe.
 */
public final class EngineLoadHistory implements AutoCloseable {
    /** Points kept per engine. */
    public static final int MINUTES = 60;
    private static final Logger log = LoggerFactory.getLogger(EngineLoadHistory.class);

    /** One minute of one engine: {@code minute} is its start; the most jobs running and queued at once in it. */
    public record Point(Instant minute, int running, int queued) {
    }

    /** One engine's recent load: its capacity now and its points, oldest first. */
    public record Series(int capacity, List<Point> points) {
    }

    private final Supplier<Map<String, Integer>> running;
    private final Supplier<Map<String, Integer>> queued;
    private final Map<String, Integer> capacity;
    private final Clock clock;
    private final Map<String, Deque<Point>> points = new LinkedHashMap<>();
    private ScheduledExecutorService sampler;

    /**
     * @param running  jobs running now by engine name (the dispatcher's count)
     * @param queued   queued jobs waiting for each engine now
     * @param capacity each engine's capacity; its keys are the engines shown, in this order
     */
    public EngineLoadHistory(Supplier<Map<String, Integer>> running, Supplier<Map<String, Integer>> queued,
                             Map<String, Integer> capacity, Clock clock) {
        this.running = running;
        this.queued = queued;
        this.capacity = Map.copyOf(capacity);
        this.clock = clock;
        capacity.keySet().forEach(e -> points.put(e, new ArrayDeque<>()));
    }

    /** Samples now, then every {@code every} on a daemon thread until {@link #close()}. */
    public EngineLoadHistory start(Duration every) {
        sample();
        sampler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("gef-engine-load")
                .daemon().unstarted(r));
        sampler.scheduleAtFixedRate(() -> {
            try {
                sample();
            } catch (RuntimeException e) {
                log.warn("engine load sample failed; the next one retries: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Reads the counts now and folds them into the current minute's point of each engine. */
    public synchronized void sample() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Map<String, Integer> r = running.get();
        Map<String, Integer> q = queued.get();
        points.forEach((engine, series) -> {
            int run = r.getOrDefault(engine, 0);
            int wait = q.getOrDefault(engine, 0);
            Point last = series.peekLast();
            if (last != null && last.minute().equals(minute)) {
                series.pollLast();
                series.addLast(new Point(minute, Math.max(run, last.running()), Math.max(wait, last.queued())));
            } else {
                series.addLast(new Point(minute, run, wait));
            }
            Instant oldest = minute.minus(MINUTES - 1, ChronoUnit.MINUTES);
            while (series.peekFirst() != null && series.peekFirst().minute().isBefore(oldest)) {
                series.pollFirst();
            }
        });
    }

    /** Every engine's points of the last {@link #MINUTES} minutes (minutes with no sample are left out). */
    public synchronized Map<String, Series> lastHour() {
        Instant oldest = clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(MINUTES - 1, ChronoUnit.MINUTES);
        Map<String, Series> out = new LinkedHashMap<>();
        points.forEach((engine, series) -> out.put(engine, new Series(capacity.get(engine),
                series.stream().filter(p -> !p.minute().isBefore(oldest)).toList())));
        return out;
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
