package io.gef.jobs;

import java.util.function.Consumer;

/** Runs one claimed job to a terminal state. */
interface JobExecution extends Consumer<Job> {
    void cancel(String jobId);
}
