package io.gef.jobs;

import io.gef.engine.ContainerRunner;
import io.gef.engine.ContainerSpec;
import io.gef.engine.LogStream;
import io.gef.engine.Mount;
import io.gef.engine.RunListener;
import io.gef.engine.RunOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs the steps of a job one container after the other with the same mounts, user and sandbox (a TES task's
 * executors), stopping at the first failure unless the step ignores errors. Each step ends with an
 * {@code executor-finished} event (index, exit code, times, the tails of its output), which is what a TES client
 * reads as the executor's log.
 */
final class JobSteps {
    /** How much of each stream the event keeps, and how much is written to a step's stdout/stderr file. */
    static final int TAIL_CHARS = 64 * 1024;
    static final int FILE_CHARS = 16 * 1024 * 1024;
    private final JobRecorder recorder;
    private volatile OutputDelivery delivery = (job, hostPath) -> { };

    JobSteps(JobRecorder recorder) {
        this.recorder = recorder;
    }

    void deliverWith(OutputDelivery d) {
        delivery = d;
    }

    /**
     * @param base     the job's first container as {@link JobExecution} built it: mounts, user, sandbox
     * @param canceled whether the job was canceled (checked before each step: a cancel kills only the running one)
     * @return the outcome that decides the job's state: the first failing step's, or an exit 0 when all passed
     */
    RunOutcome run(Job job, ContainerSpec base, ContainerRunner runner, RunListener listener,
                   BooleanSupplier canceled) {
        long t0 = System.nanoTime();
        List<JobStep> steps = job.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (canceled.getAsBoolean()) {
                return new RunOutcome.Canceled((System.nanoTime() - t0) / 1_000_000);
            }
            JobStep step = steps.get(i);
            ContainerSpec spec = ContainerSpec.of(job.id(), step.image()).withCommand(command(step))
                    .withEnv(step.env()).withMounts(base.mounts()).withSandbox(base.sandbox())
                    .withUser(base.user()).withWorkdir(step.workdir());
            Tee tee = new Tee(listener);
            var start = recorder.clock().instant();
            RunOutcome outcome = runner.run(spec, tee);
            if (outcome instanceof RunOutcome.Detached) {
                return outcome;
            }
            runner.reap(job.id()); // the next step's container carries the same job label
            writeFile(base.mounts(), step.stdout(), tee.out);
            writeFile(base.mounts(), step.stderr(), tee.err);
            Integer exit = switch (outcome) {
                case RunOutcome.Exited e -> e.exitCode();
                case RunOutcome.OutOfMemory o -> 137;
                default -> null;
            };
            var data = new LinkedHashMap<String, Object>();
            data.put("index", i);
            data.put("image", step.image());
            data.put("startTime", start.toString());
            data.put("endTime", recorder.clock().instant().toString());
            if (exit != null) {
                data.put("exitCode", exit);
            }
            data.put("stdout", tail(tee.out));
            data.put("stderr", tail(tee.err));
            recorder.event(job.id(), "executor-finished", data);
            boolean passed = outcome instanceof RunOutcome.Exited e && (e.exitCode() == 0 || step.ignoreError());
            if (!passed) {
                return outcome;
            }
        }
        try {
            delivery.deliver(job, p -> hostPath(base.mounts(), p));
        } catch (IOException | RuntimeException e) {
            return new RunOutcome.Failed("outputs could not be delivered: " + e.getMessage(), e);
        }
        return new RunOutcome.Exited(0, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The step's command; with {@code stdin}, run through the image's shell so the file feeds standard input. */
    static List<String> command(JobStep step) {
        if (step.stdin() == null) {
            return step.command();
        }
        List<String> c = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" < \"$0\"", step.stdin()));
        c.addAll(step.command());
        return c;
    }

    /** Writes a captured stream where the step asked, into the writable mount that holds that path. */
    private static void writeFile(List<Mount> mounts, String containerPath, StringBuilder text) {
        Path target = containerPath == null ? null : hostPath(mounts, containerPath);
        if (target == null) {
            return; // validation refuses such paths; a job stored before keeps running without the file
        }
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StageIn.InputException("cannot write " + containerPath + ": " + e.getMessage());
        }
    }

    /** The host path of a container path inside one of the writable mounts, or null. */
    static Path hostPath(List<Mount> mounts, String containerPath) {
        Mount holder = mounts.stream().filter(m -> !m.readOnly())
                .filter(m -> containerPath.startsWith(m.containerPath().endsWith("/") ? m.containerPath()
                        : m.containerPath() + "/"))
                .max(java.util.Comparator.comparingInt(m -> m.containerPath().length())).orElse(null);
        if (holder == null) {
            return null;
        }
        String rel = containerPath.substring(holder.containerPath().length()).replaceFirst("^/+", "");
        Path target = Path.of(holder.hostPath()).resolve(rel).normalize();
        return target.startsWith(Path.of(holder.hostPath())) ? target : null;
    }

    private static String tail(StringBuilder b) {
        return b.length() <= TAIL_CHARS ? b.toString() : b.substring(b.length() - TAIL_CHARS);
    }

    /** Passes every callback on and keeps the step's own output. */
    private static final class Tee implements RunListener {
        private final RunListener next;
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder err = new StringBuilder();

        Tee(RunListener next) {
            this.next = next;
        }

        @Override
        public void created(String containerId) {
            next.created(containerId);
        }

        @Override
        public void started() {
            next.started();
        }

        @Override
        public void line(LogStream stream, String line) {
            StringBuilder b = stream == LogStream.STDERR ? err : out;
            if (b.length() < FILE_CHARS) {
                b.append(line).append('\n');
            }
            next.line(stream, line);
        }

        @Override
        public void finished(int exitCode, long ms) {
            next.finished(exitCode, ms);
        }

        @Override
        public void engineLost(String reason) {
            next.engineLost(reason);
        }

        @Override
        public void engineBack(String reason) {
            next.engineBack(reason);
        }

        @Override
        public void engineRestarted(String reason, boolean retrying) {
            next.engineRestarted(reason, retrying);
        }
    }
}
