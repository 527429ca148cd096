package io.gef.auth;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perMinute} events per key in any sliding minute. Keys are client addresses (failed
 * authentications) or user ids (token creation). Time comes from the injected clock.
 */
final class RateLimiter {
    private static final long WINDOW_MS = 60_000;
    private final int perMinute;
    private final Clock clock;
    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();

    RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** True if {@code key} is already at its limit (does not count this call). */
    boolean exhausted(String key) {
        Deque<Long> q = events.get(key);
        if (q == null) {
            return false;
        }
        synchronized (q) {
            prune(q);
            return q.size() >= perMinute;
        }
    }

    /** Counts one event for {@code key}. */
    void record(String key) {
        Deque<Long> q = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            prune(q);
            q.addLast(clock.millis());
        }
        if (events.size() > 10_000) { // bounded memory under a spray of addresses
            events.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue());
                    return e.getValue().isEmpty();
                }
            });
        }
    }

    private void prune(Deque<Long> q) {
        long cutoff = clock.millis() - WINDOW_MS;
        while (!q.isEmpty() && q.peekFirst() <= cutoff) {
            q.removeFirst();
        }
    }
}
