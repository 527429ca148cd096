package io.gef.jobs;

import io.gef.engine.LogStream;
import io.gef.engine.RunListener;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Turns a run's callbacks into stored, live log lines and job events. */
final class RunEvents implements RunListener {
    private final JobRecorder recorder;
    private final AtomicReference<Job> job;
    private final LogBook.Writer writer;

    RunEvents(JobRecorder recorder, AtomicReference<Job> job, LogBook.Writer writer) {
        this.recorder = recorder;
        this.job = job;
        this.writer = writer;
    }

    @Override
    public void created(String containerId) {
        beforeStartOrNow("container-created", Map.of("containerId", containerId));
    }

    @Override
    public void placed(String nodeId, String nodeName) {
        beforeStartOrNow("placed", Map.of("node", nodeId, "nodeName", nodeName));
    }

    /**
     * Before the start, the event rides on the start's transaction (one forced write less). A job already RUNNING
     * (a new container after its engine's restart, a new task after its node was lost) has no such change coming
     * soon: held, the event would be lost with a crash of the server.
     */
    private void beforeStartOrNow(String type, Map<String, Object> data) {
        if (job.get().state() == JobState.INITIALIZING) {
            recorder.defer(job.get().id(), type, data);
        } else {
            recorder.event(job.get().id(), type, data);
        }
    }

    @Override
    public void nodeLost(String reason, boolean retrying) {
        recorder.event(job.get().id(), "node-lost", Map.of("reason", reason, "retrying", retrying));
    }

    @Override
    public void engineLost(String reason) {
        recorder.event(job.get().id(), "engine-unreachable", Map.of("reason", reason));
    }

    @Override
    public void engineBack(String reason) {
        recorder.event(job.get().id(), "engine-answered", Map.of("reason", reason));
    }

    @Override
    public void engineRestarted(String reason, boolean retrying) {
        // the new container's log starts from its first line: a re-attach after a restart of the server skips
        // only the lines stored since (JobExecution#resume)
        recorder.event(job.get().id(), "engine-lost", retrying ? Map.of("reason", reason, "retrying", true,
                "linesBefore", Map.of("stdout", writer.lines("stdout"), "stderr", writer.lines("stderr")))
                : Map.of("reason", reason, "retrying", false));
    }

    @Override
    public void started() {
        if (job.get().state() != JobState.INITIALIZING) {
            return; // re-attached to a job already recorded RUNNING
        }
        recorder.started(job.get(), b -> b.startedAt(recorder.clock().instant()),
                new JobRecorder.Event("started", Map.of())).ifPresent(job::set);
    }

    @Override
    public void line(LogStream stream, String line) {
        LogLine l = writer.append(stream == LogStream.STDERR ? "stderr" : "stdout", line);
        if (l != null) {
            recorder.publish(job.get().id(), l);
        }
    }

    @Override
    public void finished(int exitCode, long ms) {
        recorder.defer(job.get().id(), "execution-finished", Map.of("exitCode", exitCode, "ms", ms));
    }
}
