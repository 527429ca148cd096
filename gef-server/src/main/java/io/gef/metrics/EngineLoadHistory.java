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
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each engine's load over the last hour, for the engines page's chart ({@code loadHistory} of
 * {@code GET /api/engines}): one point per minute holding the most jobs that ran on the engine at once during that
 * minute, as the dispatcher counted them, and the same for the server's queue (jobs waiting for any engine: which
 * engine a queued job will get is only decided when one has room). Peaks rather than a reading at the minute's
 * edge, so a job of a few seconds still shows. Kept in memory only and bounded ({@link #MINUTES} points per
 * series): a restart starts an empty chart, which is fine for "what happened lately". Thread-safe.
 */
public final class EngineLoadHistory implements AutoCloseable {
    /** Points kept per series. */
    public static final int MINUTES = 60;
    private static final Logger log = LoggerFactory.getLogger(EngineLoadHistory.class);

    /** One minute: {@code minute} is its start; {@code peak} the most jobs at once in it. */
    public record Point(Instant minute, int peak) {
    }

    /** One engine's recent load: its capacity now and its points (jobs running), oldest first. */
    public record Series(int capacity, List<Point> points) {
    }

    /** The last hour: each engine's jobs running, and the server's queued jobs, per minute. */
    public record LastHour(Map<String, Series> engines, List<Point> queued) {
    }

    private final Supplier<Map<String, Integer>> running;
    private final IntSupplier queued;
    private final Map<String, Integer> capacity;
    private final Clock clock;
    private final Map<String, Deque<Point>> engines = new LinkedHashMap<>();
    private final Deque<Point> queue = new ArrayDeque<>();
    private ScheduledExecutorService sampler;

    /**
     * @param running  jobs running now by engine name (the dispatcher's count)
     * @param queued   jobs queued now on the whole server
     * @param capacity each engine's capacity; its keys are the engines shown, in this order
     */
    public EngineLoadHistory(Supplier<Map<String, Integer>> running, IntSupplier queued, Map<String, Integer> capacity,
                             Clock clock) {
        this.running = running;
        this.queued = queued;
        this.capacity = Map.copyOf(capacity);
        this.clock = clock;
        capacity.keySet().forEach(e -> engines.put(e, new ArrayDeque<>()));
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

    /** Reads the counts now and folds them into the current minute's points. */
    public synchronized void sample() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Map<String, Integer> r = running.get();
        engines.forEach((engine, series) -> fold(series, minute, r.getOrDefault(engine, 0)));
        fold(queue, minute, queued.getAsInt());
    }

    private static void fold(Deque<Point> series, Instant minute, int now) {
        Point last = series.peekLast();
        if (last != null && last.minute().equals(minute)) {
            series.pollLast();
            series.addLast(new Point(minute, Math.max(now, last.peak())));
        } else {
            series.addLast(new Point(minute, now));
        }
        Instant oldest = minute.minus(MINUTES - 1, ChronoUnit.MINUTES);
        while (series.peekFirst() != null && series.peekFirst().minute().isBefore(oldest)) {
            series.pollFirst();
        }
    }

    /** The points of the last {@link #MINUTES} minutes (minutes with no sample are left out). */
    public synchronized LastHour lastHour() {
        Instant oldest = clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(MINUTES - 1, ChronoUnit.MINUTES);
        Map<String, Series> out = new LinkedHashMap<>();
        engines.forEach((engine, series) -> out.put(engine, new Series(capacity.get(engine), since(series, oldest))));
        return new LastHour(out, since(queue, oldest));
    }

    private static List<Point> since(Deque<Point> series, Instant oldest) {
        return series.stream().filter(p -> !p.minute().isBefore(oldest)).toList();
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
