package io.gef.jobs;

/** One line a job printed, on {@code stdout} or {@code stderr}; {@code seq} orders the lines of one job. */
public record LogLine(long seq, String stream, String line) {
}
