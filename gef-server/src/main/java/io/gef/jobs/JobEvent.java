package io.gef.jobs;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a job's event history: {@code queued}, {@code stage-in-started}, {@code stage-in-finished}
 * {bytes, ms}, {@code container-created}, {@code started}, {@code execution-finished} {exitCode, ms},
 * {@code outputs-collected} {files, bytes}, {@code finished} {state}. {@code seq} orders events of one job.
 */
public record JobEvent(long seq, Instant at, String type, Map<String, Object> data) {
    public JobEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
