package io.gef.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.Diamond;
import io.gef.testing.GefServer;
import io.gef.testing.ServerProcess;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #20, acceptance 2: the real server process is killed with {@code kill -9} while the diamond's two middle
 * steps run, then started again on the same data; the pipeline completes with the right result. Every container
 * the engine creates for this server instance is counted by its labels ({@code docker events}), per step.
 */
class PipelineCrashIT {
    private static final String DOCKER = "/usr/bin/docker";
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killDuringTheMiddleSteps_thePipelineCompletesAfterRestart_finishedStepsAreNotRepeated() throws Exception {
        try (ServerProcess server = new ServerProcess(dir.resolve("gef"), Map.of())) {
            server.start();
            String admin = server.adminToken();
            publish(server, admin, "sh");
            publish(server, admin, "sh2");
            Process events = new ProcessBuilder(DOCKER, "events", "--filter", "type=container", "--filter",
                    "event=create", "--filter", "label=gef.instance=" + server.instanceId, "--format",
                    "{{index .Actor.Attributes \"gef.job.id\"}}").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("created.txt").toFile()).start();
            try {
                Api.Response r = server.api.post("/api/pipelines", admin, Diamond.request("crash", 8, null));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                String id = r.json().path("id").asText();
                await(() -> running(server, admin, id, "countA") && running(server, admin, id, "countB"));
                JsonNode before = server.api.get("/api/pipelines/" + id, admin).json();
                server.kill9();
                server.start();
                JsonNode p = null;
                for (int i = 0; i < 1200 && (p == null || p.path("state").asText().equals("RUNNING")); i++) {
                    Thread.sleep(100);
                    p = server.api.get("/api/pipelines/" + id, admin).json();
                }
                assertThat(p.path("state").asText()).as(p.toString()).isEqualTo("COMPLETE");
                String out = step(p, "merge").path("outputs").path("out").asText();
                assertThat(new String(server.api.getBytes("/api/volumes/" + out + "/files/total.txt", admin),
                        StandardCharsets.UTF_8).trim()).isEqualTo("9");
                assertThat(step(p, "split").path("jobId").asText()).as("split ended before the kill: not repeated")
                        .isEqualTo(step(before, "split").path("jobId").asText());

                Thread.sleep(1000); // the last create events reach the stream
                events.destroy();
                events.waitFor(5, TimeUnit.SECONDS);
                List<String> created = Files.readAllLines(dir.resolve("created.txt")).stream()
                        .filter(l -> !l.isBlank()).toList();
                Map<String, Integer> perStep = new TreeMap<>();
                Map<String, Integer> perJob = new TreeMap<>();
                for (JsonNode j : server.api.get("/api/jobs?tag=gef.pipeline%3D" + id + "&limit=100", admin).json()
                        .path("items")) {
                    String job = j.path("id").asText();
                    int n = (int) created.stream().filter(job::equals).count();
                    perJob.put(job, n);
                    perStep.merge(j.path("tags").path("gef.step").asText(), n, Integer::sum);
                }
                System.out.printf("pipeline %s after kill -9: containers per step %s, per job %s, attempts %s%n",
                        id, perStep, perJob, attempts(p));
                assertThat(perJob.values()).as("every job of the pipeline had exactly one container")
                        .containsOnly(1);
                // the middle steps were running at the kill: the next start re-attaches their containers (#15)
                assertThat(perStep).as("each step had exactly one container, the killed middle ones included")
                        .containsExactlyInAnyOrderEntriesOf(Map.of("split", 1, "countA", 1, "countB", 1, "merge", 1));
                assertThat(attempts(p)).as("no step ran twice").containsOnlyKeys("split", "countA", "countB", "merge")
                        .allSatisfy((step, attempt) -> assertThat(attempt).isEqualTo(1));
            } finally {
                events.destroy();
                cleanup(server.instanceId);
            }
        }
    }

    private static Map<String, Integer> attempts(JsonNode p) {
        Map<String, Integer> m = new TreeMap<>();
        p.path("steps").forEach(s -> m.put(s.path("name").asText(), s.path("attempt").asInt()));
        return m;
    }

    private static boolean running(ServerProcess server, String admin, String id, String step) {
        JsonNode p = server.api.get("/api/pipelines/" + id, admin).json();
        return "RUNNING".equals(step(p, step).path("jobState").asText());
    }

    private static JsonNode step(JsonNode p, String name) {
        for (JsonNode s : p.path("steps")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step " + name + " in " + p);
    }

    private static void publish(ServerProcess server, String admin, String name) throws Exception {
        Api.Response r = server.api.send(server.api.builder("/api/services/builds", admin)
                .header("Content-Type", "application/x-tar").POST(HttpRequest.BodyPublishers.ofByteArray(
                        GefServer.context(GefServer.REPO.resolve("service-images/" + name)))));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String build = r.json().path("id").asText();
        await(() -> server.api.get("/api/services/builds/" + build, admin).json().path("state").asText()
                .equals("SUCCEEDED"));
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition c) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (c.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out");
    }

    private static void cleanup(String instance) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder(DOCKER, "ps", "-aq", "--filter", "label=gef.instance=" + instance).start();
        List<String> ids = new ArrayList<>(new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().filter(l -> !l.isBlank()).toList());
        ps.waitFor();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of(DOCKER, "rm", "-f"));
            rm.addAll(ids);
            new ProcessBuilder(rm).start().waitFor();
        }
    }
}
