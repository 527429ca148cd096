package io.gef.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.errors.GefException;
import io.gef.jobs.Job;
import io.gef.jobs.JobOutput;
import io.gef.jobs.JobService;
import io.gef.store.JsonCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the API's view of a stored pipeline: each step joined with what its job says now. */
final class PipelineViews {
    private final JobService jobs;

    PipelineViews(JobService jobs) {
        this.jobs = jobs;
    }

    Pipeline of(PipelineStore.Row p) {
        List<PipelineStep> steps = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        boolean pending = false;
        for (PipelineStore.StepRow s : p.steps()) {
            PipelineStep step = new PipelineStep(s.name(), p.doc().steps().get(s.name()).service(), s.state(),
                    s.dependsOn(), s.jobId(), s.attempt(), null, null, null, Map.of(), s.message(), s.replayOf(),
                    null);
            Job j = s.jobId() == null ? null : job(p, s.jobId());
            if (j != null) {
                Map<String, String> outs = new LinkedHashMap<>();
                for (JobOutput o : j.outputs()) {
                    if (o.volumeId() != null) {
                        outs.put(o.name(), o.volumeId());
                    }
                }
                step = step.withJob(j.state().name(), j.startedAt(), j.endedAt(), outs, j.reproducibility());
            }
            if (p.replayOf() != null) {
                JsonNode r = step.reproducibility();
                if (r == null) {
                    pending |= !s.state().isTerminal();
                    if (s.state().isTerminal()) {
                        differing.add(s.name());
                    }
                } else if (!r.path("identical").asBoolean(false)) {
                    differing.add(s.name());
                }
            }
            steps.add(step);
        }
        Pipeline.Verdict verdict = p.replayOf() == null ? null : new Pipeline.Verdict(pending ? "pending"
                : differing.isEmpty() ? "reproducible" : "differs", List.copyOf(differing));
        return new Pipeline(p.id(), p.owner().id(), p.name(), p.state(), p.cancelAsked(), p.error(), p.createdAt(),
                p.endedAt(), p.replayOf(), List.copyOf(steps), JsonCodec.tree(p.doc()), verdict);
    }

    private Job job(PipelineStore.Row p, String id) {
        try {
            return jobs.get(p.owner(), id);
        } catch (GefException notYet) {
            return null; // the id is fixed but the job not created yet
        }
    }
}
