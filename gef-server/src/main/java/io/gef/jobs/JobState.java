package io.gef.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life of a job (the TES states GEF uses). Terminal states never change; every transition is checked here and
 * applied in the store only if the job is still in the state it was read in, so two actors cannot both move it.
 */
public enum JobState {
    QUEUED, INITIALIZING, RUNNING, COMPLETE, EXECUTOR_ERROR, SYSTEM_ERROR, CANCELED;

    public boolean isTerminal() {
        return this == COMPLETE || this == EXECUTOR_ERROR || this == SYSTEM_ERROR || this == CANCELED;
    }

    /** States this one may move to. */
    public Set<JobState> next() {
        return switch (this) {
            case QUEUED -> EnumSet.of(INITIALIZING, CANCELED, SYSTEM_ERROR);
            case INITIALIZING -> EnumSet.of(RUNNING, EXECUTOR_ERROR, SYSTEM_ERROR, CANCELED);
            case RUNNING -> EnumSet.of(COMPLETE, EXECUTOR_ERROR, SYSTEM_ERROR, CANCELED);
            case COMPLETE, EXECUTOR_ERROR, SYSTEM_ERROR, CANCELED -> EnumSet.noneOf(JobState.class);
        };
    }

    public boolean canMoveTo(JobState target) {
        return next().contains(target);
    }
}
