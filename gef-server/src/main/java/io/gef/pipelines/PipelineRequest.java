package io.gef.pipelines;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.Resources;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/pipelines} (or the CLI's YAML file): named steps, each a service with inputs and
 * parameters. {@link #validated()} checks the shape and the graph; {@link PipelinePlanner} then checks every step
 * against its service.
 */
public record PipelineRequest(String name, Map<String, Step> steps) {
    static final int MAX_STEPS = 50;
    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");

    /** One step: a service (name, name:version or pinned image), its inputs, parameters and resources. */
    public record Step(String service, Map<String, Input> inputs, Map<String, Object> parameters,
                       Resources resources) {
        Map<String, Input> inputsOrEmpty() {
            return inputs == null ? Map.of() : inputs;
        }
    }

    /**
     * An input: what a job input may be (volume, dataset, url, content, with an optional path in a volume or
     * dataset), or {@code step} and {@code output}: the output volume of another step once it has run.
     */
    public record Input(String volume, String dataset, String path, String url, String content, String step,
                        String output) {
        boolean fromStep() {
            return step != null || output != null;
        }
    }

    /** Checks names, the shape of each input and that the steps form a DAG; names the bad field. */
    public PipelineRequest validated() {
        if (steps == null || steps.isEmpty()) {
            throw new GefException(ErrorCode.BAD_FIELD, "steps: at least one step is required");
        }
        if (steps.size() > MAX_STEPS) {
            throw new GefException(ErrorCode.BAD_FIELD, "steps: at most " + MAX_STEPS);
        }
        if (name != null && name.length() > 200) {
            throw new GefException(ErrorCode.BAD_FIELD, "name is longer than 200 characters");
        }
        steps.forEach((stepName, step) -> {
            String f = "steps." + stepName;
            if (!STEP_NAME.matcher(stepName).matches()) {
                throw new GefException(ErrorCode.BAD_FIELD, f + ": step names are letters, digits, '_' and '-'"
                        + " (at most 40)");
            }
            if (step == null || step.service() == null || step.service().isBlank()) {
                throw new GefException(ErrorCode.BAD_FIELD, f + ".service is required");
            }
            step.inputsOrEmpty().forEach((in, i) -> checkInput(f + ".inputs." + in, i));
        });
        Graph.of(this); // unknown steps and cycles
        return new PipelineRequest(name == null || name.isBlank() ? "pipeline" : name.trim(),
                new LinkedHashMap<>(steps));
    }

    private void checkInput(String f, Input i) {
        if (i == null) {
            throw new GefException(ErrorCode.BAD_FIELD, f + " must be an object");
        }
        if (!i.fromStep()) {
            return; // the jobs capability checks the other kinds when the step is planned
        }
        if (i.step() == null || i.output() == null) {
            throw new GefException(ErrorCode.BAD_FIELD, f + ": a step input needs both step and output");
        }
        if (i.volume() != null || i.dataset() != null || i.url() != null || i.content() != null) {
            throw new GefException(ErrorCode.BAD_FIELD, f + ": step and output go with no volume, dataset, url or"
                    + " content");
        }
        if (!steps.containsKey(i.step())) {
            throw new GefException(ErrorCode.BAD_FIELD, f + ".step: no step '" + i.step() + "' in this pipeline");
        }
    }
}
