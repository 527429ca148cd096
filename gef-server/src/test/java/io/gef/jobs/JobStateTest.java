package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStateTest {
    @ParameterizedTest
    @EnumSource(value = JobState.class, names = {"COMPLETE", "EXECUTOR_ERROR", "SYSTEM_ERROR", "CANCELED"})
    void terminalStates_neverMoveAgain(JobState s) {
        assertThat(s.isTerminal()).isTrue();
        assertThat(s.next()).as("moves out of %s", s).isEmpty();
    }

    @Test
    void queued_canOnlyStartOrEnd_neverJumpToRunning() {
        assertThat(JobState.QUEUED.canMoveTo(JobState.INITIALIZING)).isTrue();
        assertThat(JobState.QUEUED.canMoveTo(JobState.CANCELED)).isTrue();
        assertThat(JobState.QUEUED.canMoveTo(JobState.RUNNING)).as("skipping stage-in").isFalse();
        assertThat(JobState.QUEUED.canMoveTo(JobState.COMPLETE)).isFalse();
    }

    @Test
    void errorReasons_mapToTerminalStates() {
        assertThat(JobError.Reason.OUT_OF_MEMORY.state()).isEqualTo(JobState.EXECUTOR_ERROR);
        assertThat(JobError.Reason.TIMEOUT.state()).isEqualTo(JobState.EXECUTOR_ERROR);
        assertThat(JobError.Reason.SERVER_RESTART.state()).isEqualTo(JobState.SYSTEM_ERROR);
        assertThat(JobError.Reason.CANCELED.state()).isEqualTo(JobState.CANCELED);
    }
}
