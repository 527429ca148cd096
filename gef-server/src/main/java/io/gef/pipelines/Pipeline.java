package io.gef.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline as stored and shown: its request {@code document}, state, steps in a topological order, and for a
 * replay the original's id and the overall {@code verdict}.
 */
public record Pipeline(String id, String owner, String name, PipelineState state, boolean cancelAsked,
                       String error, Instant createdAt, Instant endedAt, String replayOf, List<PipelineStep> steps,
                       JsonNode document, Verdict verdict) {

    /** A replay's verdict: {@code reproducible}, {@code differs} (naming the steps) or {@code pending}. */
    public record Verdict(String overall, List<String> differingSteps) {
    }

    PipelineStep step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
