package io.gef.jobs;

/** A declared output: the volume it was collected into and, once sealed, what it holds. */
public record JobOutput(String name, String containerPath, String volumeId, String rootDigest, Integer files,
                        Long bytes) {
}
