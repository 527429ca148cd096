package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ActiveRunsTest {
    private Instant now = Instant.parse("2026-11-23T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ActiveRuns runs = new ActiveRuns(clock);

    @Test
    void cancelBeforeBegin_makesTheRunStartCanceled_once() {
        runs.cancel("job-1");

        assertThat(runs.begin("job-1").isCanceled()).as("first run").isTrue();
        runs.end("job-1", runs.begin("job-2"));
        assertThat(runs.pendingCancelCount()).as("consumed").isZero();
    }

    @Test
    void pendingCancels_expireAfterTheTtl() {
        runs.cancel("never-runs");
        now = now.plus(ActiveRuns.PENDING_CANCEL_TTL).plus(Duration.ofSeconds(1));

        runs.cancel("other");

        assertThat(runs.pendingCancelCount()).as("old one purged").isEqualTo(1);
        assertThat(runs.begin("never-runs").isCanceled()).as("expired cancel forgotten").isFalse();
    }

    @Test
    void sameJobTwice_isRefused_untilTheFirstEnds() {
        RunHandle first = runs.begin("job-1");

        assertThatThrownBy(() -> runs.begin("job-1")).isInstanceOf(IllegalStateException.class);
        runs.end("job-1", first);
        assertThat(runs.begin("job-1").isCanceled()).as("again after end").isFalse();
    }

    @Test
    void cancelBeforeStart_forbidsTheStart_andReturnsNothingToKill() {
        RunHandle h = runs.begin("job-1");
        h.created("c1");

        assertThat(runs.cancel("job-1")).as("nothing to kill yet").isEmpty();
        assertThat(h.mayStart()).as("may start").isFalse();
    }

    @Test
    void cancelDuringStart_makesTheRunnerKill_andCancelAfterStartKillsDirectly() {
        RunHandle h = runs.begin("job-1");
        h.created("c1");
        assertThat(h.mayStart()).isTrue();

        assertThat(runs.cancel("job-1")).as("during start: runner kills").isEmpty();
        assertThat(h.started()).as("runner told to kill").isTrue();
        assertThat(runs.cancel("job-1")).as("after start: canceller kills").contains("c1");
    }

    @Test
    void timeout_afterCancel_staysCanceled() {
        RunHandle h = runs.begin("job-1");
        h.cancel();

        h.timedOut();

        assertThat(h.isTimedOut()).as("timed out").isFalse();
    }
}
