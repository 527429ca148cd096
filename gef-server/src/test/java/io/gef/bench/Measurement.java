package io.gef.bench;

/** One way of running a trivial job, timed as a whole by the harness. */
interface Measurement extends AutoCloseable {
    String name();

    /** Runs one trivial job to its end and cleans up after it; throws if the job did not succeed. */
    void once() throws Exception;

    @Override
    default void close() throws java.io.IOException {
    }
}
