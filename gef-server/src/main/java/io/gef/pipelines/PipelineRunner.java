package io.gef.pipelines;

import io.gef.auth.Caller;
import io.gef.errors.GefException;
import io.gef.jobs.Job;
import io.gef.jobs.JobError;
import io.gef.jobs.JobRequest;
import io.gef.jobs.JobKeys;
import io.gef.jobs.JobService;
import io.gef.jobs.JobState;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every running pipeline forward from its rows alone, so it behaves the same after a restart: a step whose
 * job ended takes the job's outcome; a waiting step whose producers all completed gets its job id fixed in its row
 * first and its job created under that id second ({@link JobService#submitOnce}), so a crash between the two makes
 * the next pass find or create that same job, never a second one. Steps are visited in a topological order, so
 * one pass carries a change as far down the graph as it can go.
 */
final class PipelineRunner {
    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);
    private final PipelineStore store;
    private final JobService jobs;
    private final Clock clock;

    PipelineRunner(PipelineStore store, JobService jobs, Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** The key under which the job of a step's attempt is created; its id is derived from it. */
    static String key(String pipeline, String step, int attempt) {
        return pipeline + "/" + step + "/" + attempt;
    }

    /** One pass over a pipeline; returns true when it ended in this pass. */
    synchronized boolean advance(String id) {
        PipelineStore.Row p = store.get(id).orElseThrow();
        if (p.state().isTerminal()) {
            return false;
        }
        Map<String, StepState> now = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        boolean systemError = false;
        for (PipelineStore.StepRow s : p.steps()) {
            StepState st = s.state();
            if (st == StepState.SUBMITTED) {
                st = followJob(p, s);
            } else if (st == StepState.WAITING) {
                st = maybeStart(p, s, now);
            }
            now.put(s.name(), st);
            if (st == StepState.FAILED) {
                var row = PipelineStore.byName(store.get(id).orElseThrow().steps()).get(s.name());
                failures.put(s.name(), row.message());
                systemError |= row.message() != null && row.message().contains("SYSTEM_ERROR");
            }
        }
        if (now.values().stream().anyMatch(st -> !st.isTerminal())) {
            return false;
        }
        PipelineState end = p.cancelAsked() ? PipelineState.CANCELED : failures.isEmpty()
                && now.values().stream().allMatch(st -> st == StepState.COMPLETE) ? PipelineState.COMPLETE
                : systemError ? PipelineState.SYSTEM_ERROR : PipelineState.EXECUTOR_ERROR;
        String error = failures.isEmpty() ? null : failures.entrySet().stream()
                .map(e -> "step " + e.getKey() + " failed: " + e.getValue()).reduce((a, b) -> a + "; " + b)
                .orElse(null);
        return store.end(id, end, error == null ? null : error.substring(0, Math.min(error.length(), 2000)),
                clock.instant());
    }

    private StepState followJob(PipelineStore.Row p, PipelineStore.StepRow s) {
        Optional<Job> job = find(p.owner(), s.jobId());
        if (job.isEmpty()) {
            if (p.cancelAsked()) {
                store.moveStep(p.id(), s.name(), StepState.SUBMITTED, s.jobId(), StepState.CANCELED, s.jobId(),
                        s.attempt(), "the pipeline was canceled before the step's job was created");
                return StepState.CANCELED;
            }
            // the row was moved but the process died before the job was stored: create it now, under the same id
            return submit(p, s, s.attempt());
        }
        Job j = job.get();
        if (!j.state().isTerminal()) {
            if (p.cancelAsked()) {
                cancel(p.owner(), j.id());
            }
            return StepState.SUBMITTED;
        }
        if (j.state() == JobState.SYSTEM_ERROR && j.error() != null
                && j.error().reason() == JobError.Reason.SERVER_RESTART && !p.cancelAsked()) {
            // the jobs capability stopped it when the server restarted: it never finished, so run it again
            int next = s.attempt() + 1;
            String nextId = JobKeys.idFor(key(p.id(), s.name(), next));
            if (store.moveStep(p.id(), s.name(), StepState.SUBMITTED, s.jobId(), StepState.SUBMITTED, nextId, next,
                    "attempt " + s.attempt() + " was stopped by a server restart")) {
                log.info("pipeline {} step {}: job {} was stopped by a restart; attempt {} is job {}", p.id(),
                        s.name(), j.id(), next, nextId);
                return submit(p, new PipelineStore.StepRow(s.name(), s.ord(), StepState.SUBMITTED, s.dependsOn(),
                        next, nextId, s.replayOf(), null), next);
            }
            return StepState.SUBMITTED;
        }
        StepState to = switch (j.state()) {
            case COMPLETE -> StepState.COMPLETE;
            case CANCELED -> StepState.CANCELED;
            default -> StepState.FAILED;
        };
        String msg = to == StepState.COMPLETE ? s.message() : "job " + j.id() + " ended " + j.state()
                + (j.error() == null ? "" : ": " + j.error().message());
        store.moveStep(p.id(), s.name(), StepState.SUBMITTED, s.jobId(), to, s.jobId(), s.attempt(), trim(msg));
        return to;
    }

    private StepState maybeStart(PipelineStore.Row p, PipelineStore.StepRow s, Map<String, StepState> now) {
        String blocker = s.dependsOn().stream().filter(d -> now.get(d).blocksDependents()).findFirst().orElse(null);
        if (p.cancelAsked() || blocker != null) {
            StepState to = p.cancelAsked() ? StepState.CANCELED : StepState.SKIPPED;
            String msg = p.cancelAsked() ? "the pipeline was canceled" : "step " + blocker + " did not complete";
            store.moveStep(p.id(), s.name(), StepState.WAITING, null, to, null, s.attempt(), msg);
            return to;
        }
        if (!s.dependsOn().stream().allMatch(d -> now.get(d) == StepState.COMPLETE)) {
            return StepState.WAITING;
        }
        String jobId = JobKeys.idFor(key(p.id(), s.name(), 1));
        if (!store.moveStep(p.id(), s.name(), StepState.WAITING, null, StepState.SUBMITTED, jobId, 1, null)) {
            return StepState.WAITING;
        }
        return submit(p, new PipelineStore.StepRow(s.name(), s.ord(), StepState.SUBMITTED, s.dependsOn(), 1, jobId,
                s.replayOf(), null), 1);
    }

    /** Creates the job of a SUBMITTED step under its fixed id; a refusal (4xx) fails the step. */
    private StepState submit(PipelineStore.Row p, PipelineStore.StepRow s, int attempt) {
        String key = key(p.id(), s.name(), attempt);
        Map<String, String> tags = Map.of("gef.pipeline", p.id(), "gef.step", s.name());
        try {
            if (s.replayOf() != null) {
                jobs.replayOnce(p.owner(), s.replayOf(), key, tags);
            } else {
                jobs.submitOnce(p.owner(), request(p, s, tags), key);
            }
            return StepState.SUBMITTED;
        } catch (GefException refused) {
            store.moveStep(p.id(), s.name(), StepState.SUBMITTED, s.jobId(), StepState.FAILED, s.jobId(), attempt,
                    trim("the job was refused: " + refused.getMessage()));
            return StepState.FAILED;
        } catch (RuntimeException e) {
            log.warn("pipeline {} step {}: could not submit its job yet: {}", p.id(), s.name(), e.toString());
            return StepState.SUBMITTED; // tried again on the next pass, under the same key
        }
    }

    /** The job request of a step, with each step input resolved to the producing job's output volume. */
    private JobRequest request(PipelineStore.Row p, PipelineStore.StepRow s, Map<String, String> tags) {
        PipelineRequest.Step step = p.doc().steps().get(s.name());
        Map<String, JobRequest.InputRequest> inputs = new LinkedHashMap<>();
        Map<String, String> allTags = new LinkedHashMap<>(tags);
        step.inputsOrEmpty().forEach((name, in) -> {
            if (!in.fromStep()) {
                inputs.put(name, new JobRequest.InputRequest(in.volume(), in.dataset(), in.path(), in.url(),
                        in.content()));
                return;
            }
            String producerJob = PipelineStore.byName(p.steps()).get(in.step()).jobId();
            Job producer = jobs.get(p.owner(), producerJob);
            String volume = producer.outputs().stream().filter(o -> o.name().equals(in.output()))
                    .map(io.gef.jobs.JobOutput::volumeId).findFirst().orElse(null);
            if (volume == null) {
                throw new GefException(io.gef.errors.ErrorCode.BAD_FIELD, "inputs." + name + ": step " + in.step()
                        + " has no output " + in.output());
            }
            inputs.put(name, new JobRequest.InputRequest(volume, null, in.path(), null, null));
            allTags.put("gef.from." + name, producerJob);
        });
        return new JobRequest(step.service(), inputs, step.parameters(), step.resources(),
                jobName(p.name(), s.name()), allTags);
    }

    /** {@code pipeline/step}, cut to the 200 characters a job name may have (the step name is kept whole). */
    static String jobName(String pipeline, String step) {
        int room = 200 - step.length() - 1;
        return (pipeline.length() > room ? pipeline.substring(0, room) : pipeline) + "/" + step;
    }

    private Optional<Job> find(Caller owner, String jobId) {
        try {
            return Optional.of(jobs.get(owner, jobId));
        } catch (GefException notFound) {
            return Optional.empty();
        }
    }

    private void cancel(Caller owner, String jobId) {
        try {
            jobs.cancelAsync(owner, jobId);
        } catch (GefException alreadyEnded) {
            // it ended meanwhile: the next pass takes its outcome
        }
    }

    private static String trim(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
