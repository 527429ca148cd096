package io.gef.jobs;

import io.gef.engine.ContainerRunner;
import io.gef.engine.ContainerSpec;
import io.gef.engine.EffectiveSettings;
import io.gef.engine.Mount;
import io.gef.engine.RunOutcome;
import io.gef.engine.Sandbox;
import io.gef.engine.UserNamespace;
import io.gef.store.JsonCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed (INITIALIZING) job to a terminal state: stage-in, output volumes, the container, output
 * collection. Only this class moves a job out of INITIALIZING or RUNNING, so its view of the state is current.
 */
final class JobExecution {
    private static final Logger log = LoggerFactory.getLogger(JobExecution.class);

    private final JobRecorder recorder;
    private final LogBook logs;
    private final StageIn stageIn;
    private final VolumeAccess volumes;
    private final Map<String, ContainerRunner> runners;
    private final Sandbox baseSandbox;
    private final JobSteps steps;
    private final Set<String> canceled = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    JobExecution(JobRecorder recorder, LogBook logs, StageIn stageIn, VolumeAccess volumes,
                 Map<String, ContainerRunner> runners, Sandbox baseSandbox) {
        this.recorder = recorder;
        this.logs = logs;
        this.stageIn = stageIn;
        this.volumes = volumes;
        this.runners = Map.copyOf(runners);
        this.baseSandbox = baseSandbox;
        this.steps = new JobSteps(recorder);
    }

    void deliverOutputsWith(OutputDelivery d) {
        steps.deliverWith(d);
    }

    void cancel(String jobId) {
        canceled.add(jobId);
        runners.values().forEach(r -> r.cancel(jobId));
    }

    /** Runs interrupted from now on leave their jobs as they are, for the next process to re-attach. */
    void shutDown() {
        shuttingDown = true;
        runners.values().forEach(ContainerRunner::detachOnShutdown);
    }

    private ContainerRunner runner(String engine) {
        ContainerRunner r = runners.get(engine);
        if (r == null) {
            throw new IllegalStateException("engine " + engine + " is not configured any more");
        }
        return r;
    }

    /** Runs a claimed job; {@code freed} is called once its container has stopped (the engine slot is free). */
    void run(Job claimed, Runnable freed) {
        guard(claimed, ref -> execute(ref, freed));
    }

    /**
     * A job a previous server process left INITIALIZING or RUNNING: its container is re-attached (running),
     * collected (stopped) or, when it has none, the job runs again once; a second loss fails it.
     */
    void resume(Job job, Runnable freed) {
        guard(job, ref -> {
            Job j = ref.get();
            ContainerRunner runner = runner(j.engine());
            Sandbox sandbox = sandboxOf(j);
            ContainerSpec spec = ContainerSpec.of(j.id(), j.image()).withSandbox(sandbox.withRootAllowed());
            Optional<RunOutcome> outcome = Optional.empty();
            if (!j.steps().isEmpty()) {
                runner.reap(j.id()); // which step ran is not known: the steps run again from the first
            } else try (LogBook.Writer writer = logs.open(j.id())) {
                Map<?, ?> before = linesBeforeRetry(j.id());
                outcome = runner.resume(spec, writer.stored("stdout") - count(before, "stdout"),
                        writer.stored("stderr") - count(before, "stderr"), new RunEvents(recorder, ref, writer));
            }
            if (outcome.isPresent()) {
                freed.run();
            }
            if (outcome.isPresent()) {
                recorder.event(j.id(), "re-attached", Map.of("engine", j.engine()));
                ended(ref, j.outputs(), outcome.get(), sandbox);
            } else if (recorder.events(j.id()).stream().anyMatch(e -> e.type().equals("retried"))) {
                recorder.fail(j, new JobError(JobError.Reason.SERVER_RESTART, "GEF restarted while this job was "
                        + j.state() + " and its container was gone, for the second time; it did not finish"));
            } else {
                recorder.event(j.id(), "retried", Map.of("reason", "GEF restarted while the job was " + j.state()
                        + " and it had no container on engine " + j.engine()));
                execute(ref, freed);
            }
        });
    }

    /** Lines stored before the job's run again after its engine's restart (its container's log has only the rest). */
    private Map<?, ?> linesBeforeRetry(String jobId) {
        Map<?, ?> before = Map.of();
        for (JobEvent e : recorder.events(jobId)) {
            if (e.type().equals("engine-lost") && e.data().get("linesBefore") instanceof Map<?, ?> m) {
                before = m;
            }
        }
        return before;
    }

    private static long count(Map<?, ?> lines, String stream) {
        return lines.get(stream) instanceof Number n ? n.longValue() : 0;
    }

    private void guard(Job claimed, java.util.function.Consumer<AtomicReference<Job>> body) {
        AtomicReference<Job> job = new AtomicReference<>(claimed);
        try {
            body.accept(job);
        } catch (StageIn.InputException e) {
            recorder.fail(job.get(), new JobError(JobError.Reason.INPUT, e.getMessage()));
        } catch (RuntimeException e) {
            if (shuttingDown) {
                log.info("job {} left for the next start: {}", claimed.id(), e.toString());
                return;
            }
            log.error("job {} failed in GEF", claimed.id(), e);
            String cause = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            ContainerRunner r = job.get().engine() == null ? null : runners.get(job.get().engine());
            recorder.fail(job.get(), new JobError(JobError.Reason.SYSTEM, r != null && !r.reachable()
                    ? "engine " + r.engineName() + " stopped answering while the job was " + job.get().state()
                    + " (its dockerd restarted or its host is down); the job did not finish: " + cause
                    : "GEF could not run the job: " + cause));
        } finally {
            canceled.remove(claimed.id());
            removeContainerOnceEnded(claimed);
        }
    }

    /** The container goes only after the terminal state is on record (a crash before that re-attaches it). */
    private void removeContainerOnceEnded(Job job) {
        if (shuttingDown || recorder.find(job.id()).map(j -> !j.state().isTerminal()).orElse(true)) {
            return;
        }
        ContainerRunner r = runners.get(recorder.find(job.id()).map(Job::engine).orElse(job.engine()));
        try {
            if (r != null) {
                r.reap(job.id());
            }
        } catch (io.gef.errors.GefException e) {
            // its engine does not answer (the job may have ended for that): try again once it does
            log.warn("job {}: container not removed yet, retried when its engine answers: {}", job.id(), e.toString());
            r.reapWhenBack(job.id());
        } catch (RuntimeException e) {
            log.warn("job {}: container left for the next start to remove: {}", job.id(), e.toString());
        }
    }

    private void execute(AtomicReference<Job> job, Runnable freed) {
        String id = job.get().id();
        List<JobInput> inputs = stageIn.stage(job.get());
        String engine = job.get().engine();
        List<Mount> mounts = new ArrayList<>(stageIn.mounts(engine, inputs));
        List<JobOutput> outputs = new ArrayList<>();
        ContainerRunner runner = runner(engine);
        UserNamespace ns = runner.userNamespace();
        RunAs runAs = RunAs.forJob(runner, job.get(), ns.remapped());
        recorder.defer(id, "user", Map.of("user", runAs.user(), "reason", runAs.reason(),
                "hostUid", ns.hostUid(runAs.uid())));
        for (JobOutput o : job.get().outputs()) {
            // a retried job keeps the output volumes of its lost attempt
            String vid = o.volumeId() != null ? o.volumeId() : volumes.create(job.get().owner(),
                    id + " output " + o.name(), engine);
            volumes.prepareForWriter(vid, (int) ns.hostUid(runAs.uid()), (int) ns.hostGid(runAs.gid()));
            mounts.add(Mount.readWrite(Path.of(volumes.mountSource(vid, null, engine).hostPath()), o.containerPath()));
            outputs.add(new JobOutput(o.name(), o.containerPath(), vid, null, null, null));
        }
        Sandbox sandbox = sandboxOf(job.get());
        if (runAs.root()) {
            sandbox = sandbox.withRootAllowed();
        }
        ContainerSpec spec = ContainerSpec.of(id, job.get().image()).withCommand(job.get().command())
                .withEnv(job.get().env()).withMounts(mounts).withSandbox(sandbox).withUser(runAs.user())
                .withPlacement(stageIn.nearData(inputs));
        job.set(recorder.update(job.get(), b -> b.inputs(inputs).outputs(outputs)
                .sandbox(JsonCodec.tree(EffectiveSettings.of(spec)))).orElseThrow());
        if (canceled.contains(id)) {
            collect(job, outputs);
            recorder.fail(job.get(), new JobError(JobError.Reason.CANCELED, "canceled before it started"));
            return;
        }
        RunOutcome outcome;
        try (LogBook.Writer writer = logs.open(id)) {
            RunEvents listener = new RunEvents(recorder, job, writer);
            outcome = job.get().steps().isEmpty() ? runner.run(spec, listener)
                    : steps.run(job.get(), spec, runner, listener, () -> canceled.contains(id));
        }
        freed.run(); // sealing, the end, signing and the container's removal no longer hold the next job's start
        ended(job, outputs, outcome, sandbox);
    }

    private void ended(AtomicReference<Job> job, List<JobOutput> outputs, RunOutcome outcome, Sandbox sandbox) {
        if (outcome instanceof RunOutcome.Detached) {
            return; // the server is stopping: the container runs on and the next start re-attaches it
        }
        try {
            collect(job, outputs);
        } catch (RuntimeException e) {
            if (!(outcome instanceof RunOutcome.Failed f)) {
                throw e;
            }
            // the run failed first (say its engine went down, which also makes sealing on that engine fail): its
            // reason is the job's, not the error of the sealing it made impossible (RemoteVolumesIT, 2026-12-03)
            log.warn("job {}: its outputs could not be sealed after the run failed: {}", job.get().id(), e.toString());
            recorder.fail(job.get(), new JobError(JobError.Reason.SYSTEM, f.reason()
                    + "; its outputs could not be sealed (" + e.getMessage() + ")"));
            return;
        }
        if (job.get().replayOf() != null) {
            recorder.find(job.get().replayOf()).ifPresent(original -> job.set(recorder.update(job.get(),
                    b -> b.reproducibility(Reproducibility.compare(original, job.get(), volumes))).orElseThrow()));
        }
        finish(job.get(), outcome, sandbox);
    }

    private Sandbox sandboxOf(Job job) {
        Resources r = job.resources();
        return baseSandbox.withResources(r.cpus(), r.memoryMb() == null ? null : r.memoryMb().longValue(),
                r.timeoutSeconds() == null ? null : r.timeoutSeconds().longValue());
    }

    private void collect(AtomicReference<Job> job, List<JobOutput> outputs) {
        List<JobOutput> sealed = new ArrayList<>();
        int files = 0;
        long bytes = 0;
        for (JobOutput o : outputs) {
            VolumeAccess.Sealed s = volumes.seal(o.volumeId());
            sealed.add(new JobOutput(o.name(), o.containerPath(), o.volumeId(), s.rootDigest(), s.files(), s.bytes()));
            files += s.files();
            bytes += s.bytes();
        }
        // stored with the job's next change (its end), like the event: one forced write fewer per job
        job.set(job.get().toBuilder().outputs(sealed).build());
        recorder.defer(job.get().id(), "outputs-collected", Map.of("files", files, "bytes", bytes));
    }

    private void finish(Job job, RunOutcome outcome, Sandbox sandbox) {
        switch (outcome) {
            case RunOutcome.Exited e when e.exitCode() == 0 ->
                    recorder.move(job, JobState.COMPLETE, b -> b.exitCode(0));
            case RunOutcome.Exited e -> recorder.move(job, JobState.EXECUTOR_ERROR, b -> b.exitCode(e.exitCode())
                    .error(new JobError(JobError.Reason.NONZERO_EXIT, "the tool exited with code " + e.exitCode())));
            case RunOutcome.OutOfMemory o -> recorder.move(job, JobState.EXECUTOR_ERROR, b -> b.exitCode(137)
                    .error(new JobError(JobError.Reason.OUT_OF_MEMORY, "out-of-memory: the job used more than its"
                            + " memory limit of " + sandbox.memoryMb() + " MiB and was killed")));
            case RunOutcome.TimedOut t -> recorder.move(job, JobState.EXECUTOR_ERROR, b -> b.error(new JobError(
                    JobError.Reason.TIMEOUT, "timeout: the job ran longer than its limit of "
                            + sandbox.timeoutSeconds() + " s and was killed")));
            case RunOutcome.Canceled c when canceled.contains(job.id()) ->
                    recorder.fail(job, new JobError(JobError.Reason.CANCELED, "canceled"));
            // nobody asked: the server is shutting down and interrupted the run
            case RunOutcome.Canceled c -> recorder.fail(job, new JobError(JobError.Reason.SERVER_RESTART,
                    "GEF shut down while this job was running; it was stopped and did not finish"));
            case RunOutcome.Failed f -> recorder.fail(job, new JobError(JobError.Reason.SYSTEM, f.reason()));
            case RunOutcome.Detached d -> log.debug("job {} left running for the next start", job.id());
        }
    }
}
