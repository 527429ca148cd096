package io.gef.jobs;

/** Why a job did not complete: a stable {@code reason} and human text. */
public record JobError(Reason reason, String message) {
    public enum Reason {
        NONZERO_EXIT, OUT_OF_MEMORY, TIMEOUT, CANCELED, INPUT, SYSTEM, SERVER_RESTART;

        /** Failures of the tool itself are EXECUTOR_ERROR; failures of GEF or the engine are SYSTEM_ERROR. */
        public JobState state() {
            return switch (this) {
                case NONZERO_EXIT, OUT_OF_MEMORY, TIMEOUT, INPUT -> JobState.EXECUTOR_ERROR;
                case CANCELED -> JobState.CANCELED;
                case SYSTEM, SERVER_RESTART -> JobState.SYSTEM_ERROR;
            };
        }
    }
}
