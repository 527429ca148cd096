package io.gef.engine;

/**
 * How one container run ended. {@code ms} is the wall time from the start request until the container was seen
 * stopped (0 when it never started).
 */
public sealed interface RunOutcome {

    /** The job's process ended by itself with {@code exitCode} (0 = success). */
    record Exited(int exitCode, long ms) implements RunOutcome {
    }

    /** The kernel killed the job for exceeding {@link Sandbox#memoryMb()}. */
    record OutOfMemory(long ms) implements RunOutcome {
    }

    /** The job ran past {@link Sandbox#timeoutSeconds()} and was killed. */
    record TimedOut(long ms) implements RunOutcome {
    }

    /** {@link ContainerRunner#cancel} was called; the container was killed, or never started. */
    record Canceled(long ms) implements RunOutcome {
    }

    /**
     * The engine could not run the job (image missing or not pullable, engine unreachable, bad mount...). The
     * reason names the job, image and container and ends with the log tail when there is one; {@code cause} is the
     * underlying exception or null. Not a client-safe message: it may contain host paths.
     */
    record Failed(String reason, Throwable cause) implements RunOutcome {
    }

    /**
     * The server is shutting down: the container was left running (or not yet created) for the next process to
     * re-attach to. The job has not ended.
     */
    record Detached() implements RunOutcome {
    }

    /** True only for {@code Exited(0, ...)}. */
    default boolean succeeded() {
        return this instanceof Exited e && e.exitCode() == 0;
    }
}
