package io.gef.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.errors.GefException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineRequestTest {
    private static PipelineRequest.Input from(String step) {
        return new PipelineRequest.Input(null, null, null, null, null, step, "out");
    }

    private static PipelineRequest.Step step(Map<String, PipelineRequest.Input> inputs) {
        return new PipelineRequest.Step("sh", inputs, Map.of("script", "true"), null);
    }

    private static PipelineRequest diamond() {
        Map<String, PipelineRequest.Step> steps = new LinkedHashMap<>();
        steps.put("merge", step(Map.of("a", from("left"), "b", from("right"))));
        steps.put("left", step(Map.of("in", from("split"))));
        steps.put("right", step(Map.of("in", from("split"))));
        steps.put("split", step(Map.of("in", new PipelineRequest.Input(null, null, null, null, "x", null, null))));
        return new PipelineRequest("d", steps);
    }

    @Test
    void graph_ordersProducersBeforeConsumers_whateverTheOrderGiven() {
        Graph g = Graph.of(diamond().validated());
        assertThat(g.order()).as(g.order().toString()).startsWith("split").endsWith("merge");
        assertThat(g.dependsOn().get("merge")).containsExactlyInAnyOrder("left", "right");
        assertThat(g.dependsOn().get("split")).isEmpty();
    }

    @Test
    void cycle_isRefusedNamingTheStepsOnIt() {
        Map<String, PipelineRequest.Step> steps = new LinkedHashMap<>();
        steps.put("a", step(Map.of("in", from("c"))));
        steps.put("b", step(Map.of("in", from("a"))));
        steps.put("c", step(Map.of("in", from("b"))));
        assertThatThrownBy(() -> new PipelineRequest(null, steps).validated()).isInstanceOf(GefException.class)
                .hasMessageContaining("cycle").hasMessageContaining("a -> c -> b -> a");
    }

    @Test
    void unknownStep_isRefusedNamingTheField() {
        var r = new PipelineRequest(null, Map.of("a", step(Map.of("in", from("nope")))));
        assertThatThrownBy(r::validated).hasMessage("steps.a.inputs.in.step: no step 'nope' in this pipeline");
    }

    @Test
    void stepInputWithAVolumeToo_isRefused() {
        var both = new PipelineRequest.Input("vol-1", null, null, null, null, "a", "out");
        var r = new PipelineRequest(null, Map.of("a", step(Map.of()), "b", step(Map.of("in", both))));
        assertThatThrownBy(r::validated).hasMessageContaining("steps.b.inputs.in: step and output go with no volume");
    }

    @Test
    void missingServiceOrBadName_isRefused() {
        assertThatThrownBy(() -> new PipelineRequest(null, Map.of("a", new PipelineRequest.Step(null, null, null,
                null))).validated()).hasMessage("steps.a.service is required");
        assertThatThrownBy(() -> new PipelineRequest(null, Map.of("a b", step(Map.of()))).validated())
                .hasMessageContaining("steps.a b: step names");
        assertThatThrownBy(() -> new PipelineRequest(null, Map.of()).validated())
                .hasMessageContaining("at least one step");
    }

    @Test
    void stepJobName_fitsTheJobNameLimit_andKeepsTheStepName() {
        assertThat(PipelineRunner.jobName("diamond", "merge")).isEqualTo("diamond/merge");
        String long200 = "p".repeat(200);
        assertThat(PipelineRunner.jobName(long200, "merge")).hasSize(200).endsWith("/merge");
    }

    @Test
    void stepStates_whichEnd_andWhichBlockDependents() {
        assertThat(StepState.WAITING.isTerminal()).isFalse();
        assertThat(StepState.SUBMITTED.isTerminal()).isFalse();
        assertThat(StepState.COMPLETE.blocksDependents()).isFalse();
        assertThat(StepState.FAILED.blocksDependents()).isTrue();
        assertThat(StepState.SKIPPED.blocksDependents()).isTrue();
    }
}
