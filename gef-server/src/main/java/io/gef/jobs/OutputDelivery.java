package io.gef.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Copies a step job's outputs where its source asked (a TES task's {@code file://} outputs) once every step passed
 * and before the job is recorded COMPLETE, so a client that sees COMPLETE finds its files. A failure ends the job
 * SYSTEM_ERROR with the message.
 */
@FunctionalInterface
public interface OutputDelivery {
    /**
     * @param hostPath where a container path inside one of the job's writable folders is on the engine's host
     *                 (null outside them)
     */
    void deliver(Job job, Function<String, Path> hostPath) throws IOException;
}
