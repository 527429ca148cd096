package io.gef.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.Diamond;
import io.gef.testing.GefServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #20 against the real engine and registry: the diamond, a failing branch, replay and the crate. */
class PipelinesIT {
    @TempDir
    static Path data;
    static GefServer server;

    @BeforeAll
    static void publish() throws Exception {
        server = new GefServer(data);
        server.publishExample("sh");
        server.publishExample("sh2");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void diamond_completesWithTheRightResult_middleStepsOverlap_andReplaysReproducibly() throws Exception {
        JsonNode p = run(Diamond.request("diamond", 3, null));
        assertThat(p.path("state").asText()).as(p.toString()).isEqualTo("COMPLETE");
        JsonNode merge = step(p, "merge");
        String total = new String(server.download(server.admin, merge.path("outputs").path("out").asText(),
                "total.txt"), StandardCharsets.UTF_8);
        assertThat(total.trim()).as("4 + 5 words").isEqualTo("9");
        JsonNode a = step(p, "countA");
        JsonNode b = step(p, "countB");
        Instant aStart = Instant.parse(a.path("startedAt").asText());
        Instant aEnd = Instant.parse(a.path("endedAt").asText());
        Instant bStart = Instant.parse(b.path("startedAt").asText());
        Instant bEnd = Instant.parse(b.path("endedAt").asText());
        System.out.printf("diamond: countA %s..%s, countB %s..%s%n", aStart, aEnd, bStart, bEnd);
        assertThat(aStart.isBefore(bEnd) && bStart.isBefore(aEnd)).as("the two counts overlap in time").isTrue();
        assertThat(Instant.parse(merge.path("startedAt").asText())).isAfter(aEnd).isAfter(bEnd);

        // each step's statement names the statements of the steps it consumed
        JsonNode mergeStatement = payload(server.provenance(server.admin, merge.path("jobId").asText()));
        List<String> deps = mergeStatement.path("predicate").path("buildDefinition").path("resolvedDependencies")
                .findValuesAsText("uri");
        assertThat(deps).contains("gef:job/" + a.path("jobId").asText() + "/provenance",
                "gef:job/" + b.path("jobId").asText() + "/provenance");
        JsonNode pipelineStatement = payload(await("/api/pipelines/" + p.path("id").asText() + "/provenance"));
        assertThat(pipelineStatement.path("subject").findValuesAsText("name"))
                .containsExactlyInAnyOrder("step/split", "step/countA", "step/countB", "step/merge");

        Api.Response replay = server.api.post("/api/pipelines/" + p.path("id").asText() + "/replay", server.admin,
                Map.of());
        assertThat(replay.status()).as(replay.body()).isEqualTo(201);
        JsonNode r = awaitEnd(replay.json().path("id").asText());
        assertThat(r.path("state").asText()).as(r.toString()).isEqualTo("COMPLETE");
        assertThat(r.path("verdict").path("overall").asText()).as(r.toString()).isEqualTo("reproducible");
        for (JsonNode s : r.path("steps")) {
            assertThat(s.path("reproducibility").path("identical").asBoolean()).as(s.toString()).isTrue();
        }

        checkWorkflowRunCrate(p);
    }

    @Test
    void failingMiddleStep_skipsItsDependent_theOtherBranchCompletes_andThePipelineNamesIt() throws Exception {
        JsonNode p = run(Diamond.request("failing", 1, "echo broken >&2; exit 3"));
        assertThat(p.path("state").asText()).as(p.toString()).isEqualTo("EXECUTOR_ERROR");
        assertThat(p.path("error").asText()).contains("step countB failed");
        assertThat(step(p, "countB").path("state").asText()).isEqualTo("FAILED");
        assertThat(step(p, "countA").path("state").asText()).isEqualTo("COMPLETE");
        assertThat(step(p, "merge").path("state").asText()).isEqualTo("SKIPPED");
        assertThat(step(p, "merge").path("jobId").isNull()).as("a skipped step never gets a job").isTrue();
    }

    @Test
    void cancel_stopsTheRunningStepsAndTheWaitingOnes_andEndsCanceled() throws Exception {
        Api.Response r = server.api.post("/api/pipelines", server.admin, Diamond.request("canceled", 120, null));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asText();
        for (int i = 0; i < 600 && !step(server.api.get("/api/pipelines/" + id, server.admin).json(), "countA")
                .path("jobState").asText().equals("RUNNING"); i++) {
            Thread.sleep(100);
        }
        Api.Response c = server.api.post("/api/pipelines/" + id + "/cancel", server.admin, Map.of());
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        JsonNode p = awaitEnd(id);
        assertThat(p.path("state").asText()).as(p.toString()).isEqualTo("CANCELED");
        assertThat(step(p, "countA").path("state").asText()).isEqualTo("CANCELED");
        assertThat(step(p, "merge").path("state").asText()).isEqualTo("CANCELED");
        assertThat(server.api.post("/api/pipelines/" + id + "/cancel", server.admin, Map.of()).status())
                .as("an ended pipeline cannot be canceled again").isEqualTo(409);
    }

    @Test
    void badPipelines_are400NamingTheStepAndField_andStoreNothing() {
        int before = server.api.get("/api/pipelines", server.admin).json().path("items").size();
        Map<String, Object> cycle = Map.of("steps", Map.of(
                "x", Map.of("service", "sh", "inputs", Map.of("in", Map.of("step", "y", "output", "out")),
                        "parameters", Map.of("script", "true")),
                "y", Map.of("service", "sh", "inputs", Map.of("in", Map.of("step", "x", "output", "out")),
                        "parameters", Map.of("script", "true"))));
        assertRefused(cycle, "cycle");
        assertRefused(Map.of("steps", Map.of("x", Map.of("service", "sh", "inputs", Map.of("in",
                Map.of("step", "nope", "output", "out")), "parameters", Map.of("script", "true")))),
                "steps.x.inputs.in.step: no step 'nope'");
        Map<String, Object> badOutput = new HashMap<>(Diamond.request("bad", 0, null));
        @SuppressWarnings("unchecked")
        Map<String, Object> steps = new HashMap<>((Map<String, Object>) badOutput.get("steps"));
        steps.put("merge", Map.of("service", "sh2", "inputs", Map.of("a", Map.of("step", "countA", "output",
                "result"), "b", Map.of("step", "countB", "output", "out")), "parameters", Map.of("script", "true")));
        badOutput.put("steps", steps);
        assertRefused(badOutput, "steps.merge.inputs.a.output: step countA (service sh) has no output 'result'");
        steps.put("merge", Map.of("service", "sh2", "inputs", Map.of("a", Map.of("step", "countA", "output",
                "out")), "parameters", Map.of("script", "true")));
        assertRefused(badOutput, "steps.merge.inputs.b is required by service sh2");
        assertRefused(Map.of("steps", Map.of("x", Map.of("service", "no-such-service"))), "steps.x.service");
        assertThat(server.api.get("/api/pipelines", server.admin).json().path("items").size()).isEqualTo(before);
    }

    private static void assertRefused(Map<String, Object> body, String message) {
        Api.Response r = server.api.post("/api/pipelines", server.admin, body);
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertThat(r.json().path("message").asText()).contains(message);
    }

    /** Structure of a Workflow Run Crate 0.5 (https://www.researchobject.org/workflow-run-crate/profiles/). */
    private static void checkWorkflowRunCrate(JsonNode p) throws Exception {
        byte[] zip = server.api.getBytes("/api/pipelines/" + p.path("id").asText() + "/crate", server.admin);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(entries).containsKeys("ro-crate-metadata.json", "pipeline.json", "provenance/pipeline.dsse.json",
                "provenance/merge.dsse.json", "outputs/merge/out/total.txt");
        JsonNode graph = server.api.mapper().readTree(entries.get("ro-crate-metadata.json")).path("@graph");
        Map<String, JsonNode> byId = new HashMap<>();
        graph.forEach(n -> byId.put(n.path("@id").asText(), n));
        JsonNode root = byId.get(byId.get("ro-crate-metadata.json").path("about").path("@id").asText());
        assertThat(root.path("conformsTo").findValuesAsText("@id")).contains(
                "https://w3id.org/ro/wfrun/process/0.5", "https://w3id.org/ro/wfrun/workflow/0.5",
                "https://w3id.org/workflowhub/workflow-ro-crate/1.0");
        JsonNode workflow = byId.get(root.path("mainEntity").path("@id").asText());
        assertThat(workflow.path("@type").findValuesAsText("")).isEmpty();
        assertThat(workflow.path("@type").toString()).contains("File", "SoftwareSourceCode", "ComputationalWorkflow");
        assertThat(entries).containsKey(workflow.path("@id").asText());
        assertThat(byId.get(workflow.path("programmingLanguage").path("@id").asText()).path("@type").asText())
                .isEqualTo("ComputerLanguage");
        List<JsonNode> runs = graph.findParents("@type").stream().filter(n -> n.path("@type").asText()
                .equals("CreateAction") && n.path("instrument").path("@id").asText().equals(workflow.path("@id")
                .asText())).toList();
        assertThat(runs).as("one CreateAction runs the workflow").hasSize(1);
        assertThat(root.path("mentions").findValuesAsText("@id")).contains(runs.getFirst().path("@id").asText());
        for (JsonNode partRef : root.path("hasPart")) {
            String id = partRef.path("@id").asText();
            assertThat(byId).as("hasPart %s is described", id).containsKey(id);
            assertThat(entries).as("hasPart %s is in the zip", id).containsKey(id);
        }
        long stepActions = graph.findParents("@type").stream().filter(n -> n.path("@type").asText()
                .equals("CreateAction")).count() - 1;
        assertThat(stepActions).as("one CreateAction per step").isEqualTo(4);
    }

    private static JsonNode run(Map<String, Object> request) throws InterruptedException {
        Api.Response r = server.api.post("/api/pipelines", server.admin, request);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return awaitEnd(r.json().path("id").asText());
    }

    static JsonNode awaitEnd(String id) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonNode p = server.api.get("/api/pipelines/" + id, server.admin).json();
            if (!p.path("state").asText().equals("RUNNING")) {
                return p;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("pipeline " + id + " did not end");
    }

    private static JsonNode await(String path) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Api.Response r = server.api.get(path, server.admin);
            if (r.status() == 200) {
                return r.json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never answered 200");
    }

    private static JsonNode step(JsonNode p, String name) {
        for (JsonNode s : p.path("steps")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step " + name + " in " + p);
    }

    private static JsonNode payload(JsonNode envelope) throws Exception {
        return server.api.mapper().readTree(Base64.getDecoder().decode(envelope.path("payload").asText()));
    }
}
