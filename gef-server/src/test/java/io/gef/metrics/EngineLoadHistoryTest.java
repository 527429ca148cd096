package io.gef.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineLoadHistoryTest {
    private final Map<String, Integer> running = new HashMap<>();
    private int queued;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T05:00:10Z"));
    private final EngineLoadHistory history = new EngineLoadHistory(() -> running, () -> queued,
            new LinkedHashMap<>(Map.of("local", 2)), clock);

    @Test
    void sample_keepsTheMinutesPeak_notTheLastReading() {
        running.put("local", 2);
        queued = 5;
        history.sample();
        running.put("local", 0);
        queued = 1;
        clock.move(Duration.ofSeconds(30));
        history.sample();

        var hour = history.lastHour();
        var minute = Instant.parse("2026-12-02T05:00:00Z");
        assertThat(hour.engines().get("local").capacity()).isEqualTo(2);
        assertThat(hour.engines().get("local").points()).as("one point for the minute, holding its peak")
                .containsExactly(new EngineLoadHistory.Point(minute, 2));
        assertThat(hour.queued()).as("the queue's peak").containsExactly(new EngineLoadHistory.Point(minute, 5));
    }

    @Test
    void lastHour_dropsPointsOlderThanSixtyMinutes_andKeepsAtMostSixty() {
        for (int minute = 0; minute < 90; minute++) {
            running.put("local", minute);
            history.sample();
            clock.move(Duration.ofMinutes(1));
        }
        clock.move(Duration.ofMinutes(-1)); // back to the last sampled minute
        var points = history.lastHour().engines().get("local").points();
        assertThat(points).as("bounded to an hour").hasSize(EngineLoadHistory.MINUTES);
        assertThat(points.getFirst().peak()).as("the oldest kept is 59 minutes before the newest").isEqualTo(30);
        assertThat(points.getLast().peak()).isEqualTo(89);

        clock.move(Duration.ofMinutes(30));
        assertThat(history.lastHour().engines().get("local").points()).as("half an hour without samples").hasSize(30);
    }

    @Test
    void anEngineTheCountsDoNotMention_readsZero() {
        history.sample();
        assertThat(history.lastHour().engines().get("local").points().getFirst())
                .isEqualTo(new EngineLoadHistory.Point(Instant.parse("2026-12-02T05:00:00Z"), 0));
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
