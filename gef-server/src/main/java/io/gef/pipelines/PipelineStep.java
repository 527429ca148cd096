package io.gef.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A step as the API shows it. {@code jobState}, the times and {@code outputs} (output name to volume id) are read
 * from the step's job; {@code attempt} counts jobs made for the step (a second only when the server restarted
 * while the first was running, which stopped it); {@code reproducibility} is the replay verdict of a replay step.
 */
public record PipelineStep(String name, String service, StepState state, List<String> dependsOn, String jobId,
                           int attempt, String jobState, Instant startedAt, Instant endedAt,
                           Map<String, String> outputs, String message, String replayOf, JsonNode reproducibility) {
    PipelineStep withJob(String jobState, Instant startedAt, Instant endedAt, Map<String, String> outputs,
                         JsonNode reproducibility) {
        return new PipelineStep(name, service, state, dependsOn, jobId, attempt, jobState, startedAt, endedAt,
                outputs, message, replayOf, reproducibility);
    }
}
