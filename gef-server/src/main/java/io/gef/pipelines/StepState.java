package io.gef.pipelines;

/**
 * Life of a step. WAITING until every step it reads from is COMPLETE; SUBMITTED once its job id is fixed (the job
 * is created idempotently under that id); then it ends with its job, or SKIPPED when a step it depends on did not
 * complete, or CANCELED with the pipeline. Ended states never change.
 */
public enum StepState {
    WAITING, SUBMITTED, COMPLETE, FAILED, SKIPPED, CANCELED;

    public boolean isTerminal() {
        return this != WAITING && this != SUBMITTED;
    }

    /** A step in this state keeps its dependents from ever running. */
    boolean blocksDependents() {
        return this == FAILED || this == SKIPPED || this == CANCELED;
    }
}
