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

    /**
     * The failure of {@code spec}'s run while {@code what}, naming the job, image and where it ran ({@code where}:
     * "container X", "service Y"), with the cause's message and the log tail; logged as a warning.
     */
    static Failed failed(ContainerSpec spec, String where, String what, Throwable cause, java.util.List<String> tail) {
        var message = new StringBuilder("job ").append(spec.jobId()).append(": ").append(what)
                .append(" (image ").append(spec.image()).append(", ").append(where).append(')');
        if (cause != null) {
            message.append(": ").append(cause.getMessage());
        }
        if (!tail.isEmpty()) {
            message.append("; last output:\n").append(String.join("\n", tail));
        }
        org.slf4j.LoggerFactory.getLogger(RunOutcome.class).warn("{}", message, cause);
        return new Failed(message.toString(), cause);
    }

    /** True only for {@code Exited(0, ...)}. */
    default boolean succeeded() {
        return this instanceof Exited e && e.exitCode() == 0;
    }
}
