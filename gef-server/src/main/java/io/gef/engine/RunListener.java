package io.gef.engine;

/**
 * Receives what happens during {@link ContainerRunner#run}, live.
 *
 * <p>Threading: {@link #line} is called on a docker-java stream thread, the lifecycle methods on the thread that
 * called {@code run}. The order is guaranteed: {@code created}, {@code started}, every {@code line}, then
 * {@code finished}; no {@code line} arrives after {@code finished}. A run that fails or is canceled before its
 * container starts gets only the events up to that point. An exception thrown by a listener is logged and
 * otherwise ignored; it never changes the run.
 */
public interface RunListener {
    RunListener NONE = new RunListener() {
    };

    /** The container exists (not yet started). */
    default void created(String containerId) {
    }

    /** Delivers {@code event} to {@code listener}; what the listener throws is logged, never passed on. */
    static void safely(RunListener listener, String jobId, java.util.function.Consumer<RunListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RunListener.class).warn("job {}: run listener failed", jobId, e);
        }
    }

    /** The container was started. */
    default void started() {
    }

    /** A swarm placed the job's task on node {@code nodeId} ({@code nodeName}: its host name and labels). */
    default void placed(String nodeId, String nodeName) {
    }

    /** The job's swarm node left mid-run ({@code reason}); {@code retrying}: the job runs once more elsewhere. */
    default void nodeLost(String reason, boolean retrying) {
    }

    /**
     * The job's engine stopped answering while its container ran ({@code reason} says since when and how long the
     * run waits): the job goes on waiting, its log stream paused.
     */
    default void engineLost(String reason) {
    }

    /** The engine answers again and the run follows its container again ({@code reason} says after how long). */
    default void engineBack(String reason) {
    }

    /**
     * The job's container was lost with its engine ({@code reason}: restarted, gone, or no answer within the
     * grace); {@code retrying}: the job runs once more in a new container, else it ends.
     */
    default void engineRestarted(String reason, boolean retrying) {
    }

    /** One line of output, without its line terminator, as soon as the job printed it. */
    default void line(LogStream stream, String line) {
    }

    /** The container stopped (exit code 137 after a kill); all lines have been delivered. */
    default void finished(int exitCode, long ms) {
    }
}
