package io.gef.jobs;

/**
 * What must happen once a job has ended (signing its provenance). It runs after the terminal state is stored and
 * before followers hear {@code finished}; when it throws, it is retried later (and after a restart) until it
 * succeeds, so it must be idempotent.
 */
@FunctionalInterface
public interface JobFinishedStep {
    void run(Job job) throws Exception;
}
