package io.gef.pipelines;

/**
 * Life of a pipeline, in the jobs' terms: RUNNING until every step has ended, then COMPLETE when all completed,
 * CANCELED when canceled, else EXECUTOR_ERROR (or SYSTEM_ERROR when the failed step's job did) naming the step.
 */
public enum PipelineState {
    RUNNING, COMPLETE, EXECUTOR_ERROR, SYSTEM_ERROR, CANCELED;

    public boolean isTerminal() {
        return this != RUNNING;
    }
}
