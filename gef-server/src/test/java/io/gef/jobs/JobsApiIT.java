package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs acceptance through the real HTTP API, with the published `sh` service, as a user (not admin). */
class JobsApiIT {
    @TempDir
    static Path data;
    static GefServer server;
    static String alice;
    static String bob;
    static String input;

    @BeforeAll
    static void start() throws Exception {
        server = new GefServer(data);
        server.publishExample("sh");
        alice = server.newUser("alice");
        bob = server.newUser("bob");
        Path dir = Files.createDirectories(data.resolve("input"));
        Files.writeString(dir.resolve("input.txt"), "hello\n");
        input = server.volumeWith(alice, dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Api.Response submit(String script, Map<String, Object> resources) {
        return server.api.post("/api/jobs", alice, Map.of("service", "sh", "inputs",
                Map.of("in", Map.of("volume", input)), "parameters", Map.of("script", script),
                "resources", resources));
    }

    private JsonNode run(String script, Map<String, Object> resources) throws Exception {
        Api.Response r = submit(script, resources);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return server.awaitJob(alice, r.json().path("id").asText());
    }

    private String log(JsonNode job) {
        return server.api.get("/api/jobs/" + job.path("id").asText() + "/logs?format=text", alice).body();
    }

    @Test
    void hostPathsOfMounts_areShownToAdmins_only_inTheJobAndInItsProvenance() throws Exception {
        JsonNode job = run("true", Map.of());
        String path = "/api/jobs/" + job.path("id").asText();
        JsonNode mine = server.api.get(path, alice).json().path("sandbox").path("mounts");
        JsonNode asAdmin = server.api.get(path, server.admin).json().path("sandbox").path("mounts");
        assertThat(mine.size()).as("the user sees every mount").isEqualTo(asAdmin.size()).isPositive();
        mine.forEach(m -> assertThat(m.has("hostPath")).as("user sees a host path: " + m).isFalse());
        asAdmin.forEach(m -> assertThat(m.path("hostPath").asText()).as("admin sees host paths").startsWith("/"));
        JsonNode listed = server.api.get("/api/jobs", alice).json().path("items").get(0);
        assertThat(listed.toString()).as("listed jobs too").doesNotContain("hostPath");
        String statement = new String(java.util.Base64.getDecoder().decode(
                server.provenance(alice, job.path("id").asText()).path("payload").asText()), StandardCharsets.UTF_8);
        assertThat(statement).as("signed statement").contains("/data/in").doesNotContain("hostPath");
    }

    @Test
    void writingToTheInput_failsReadOnly_andTheUserIsNotRoot_andThereIsNoNetwork() throws Exception {
        JsonNode ro = run("echo x > /data/in/input.txt", Map.of());
        assertThat(ro.path("state").asText()).isEqualTo("EXECUTOR_ERROR");
        assertThat(log(ro)).contains("Read-only file system");

        JsonNode id = run("id -u > /data/out/uid; test $(id -u) != 0", Map.of());
        assertThat(id.path("state").asText()).as(log(id)).isEqualTo("COMPLETE");
        String out = id.path("outputs").get(0).path("volumeId").asText();
        assertThat(new String(server.download(alice, out, "uid")).trim()).isNotEqualTo("0");

        JsonNode net = run("nc -w 3 172.17.0.1 5000 </dev/null && echo REACHED; nc -w 3 127.0.0.1 5000 </dev/null"
                + " && echo REACHED; exit 1", Map.of());
        assertThat(log(net)).doesNotContain("REACHED").containsAnyOf("Network is unreachable", "Connection refused");
    }

    @Test
    void memoryAndTime_limits_endExecutorErrorNamingTheReason() throws Exception {
        JsonNode oom = run("x=0123456789abcdef; while true; do x=$x$x; done", Map.of("memoryMb", 32));
        assertThat(oom.path("state").asText()).isEqualTo("EXECUTOR_ERROR");
        assertThat(oom.path("error").path("message").asText()).contains("out-of-memory");

        JsonNode slow = run("sleep 60", Map.of("timeoutSeconds", 2));
        assertThat(slow.path("state").asText()).isEqualTo("EXECUTOR_ERROR");
        assertThat(slow.path("error").path("message").asText()).contains("timeout");
    }

    @Test
    void followingLogs_showsEachLineWhileTheJobRuns() throws Exception {
        String id = submit("for i in $(seq 1 30); do echo line $i; sleep 0.1; done", Map.of()).json().path("id")
                .asText();
        List<String> lines = new ArrayList<>();
        List<String> stateWhenFirstSeen = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<java.io.InputStream> r = http.send(server.api.builder("/api/jobs/" + id
                    + "/logs?follow=true", alice).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.startsWith("data: {") && l.contains("\"line\"")) {
                        if (lines.isEmpty()) {
                            stateWhenFirstSeen.add(server.api.get("/api/jobs/" + id, alice).json().path("state")
                                    .asText());
                        }
                        lines.add(server.api.mapper().readTree(l.substring(6)).path("line").asText());
                    }
                }
            }
        }
        assertThat(lines).hasSize(30).startsWith("line 1").endsWith("line 30");
        assertThat(stateWhenFirstSeen).as("the first line arrived before the job ended").containsExactly("RUNNING");
    }

    @Test
    void cancel_worksForRunningJobs_andAnotherUserCannotSeeOrTouchThem() throws Exception {
        String id = submit("echo started; sleep 60", Map.of()).json().path("id").asText();
        for (int i = 0; i < 300 && !server.api.get("/api/jobs/" + id, alice).json().path("state").asText()
                .equals("RUNNING"); i++) {
            Thread.sleep(100);
        }
        assertThat(server.api.get("/api/jobs/" + id, bob).status()).isEqualTo(404);
        assertThat(server.api.post("/api/jobs/" + id + "/cancel", bob, "").status()).isEqualTo(404);
        assertThat(server.api.get("/api/jobs/" + id + "/logs", bob).status()).isEqualTo(404);
        assertThat(server.api.get("/api/jobs", bob).json().path("items")).isEmpty();

        Api.Response c = server.api.post("/api/jobs/" + id + "/cancel", alice, "");
        assertThat(c.json().path("state").asText()).isEqualTo("CANCELED");
        assertThat(server.api.get("/api/jobs/" + id, server.admin).status()).as("an admin sees it").isEqualTo(200);
        assertThat(server.api.post("/api/jobs/" + id + "/cancel", alice, "").status()).as("already ended")
                .isEqualTo(409);
    }

    @Test
    void aVolumeInUseByARunningJob_cannotBeDeleted() throws Exception {
        Path dir = Files.createDirectories(data.resolve("busy"));
        Files.writeString(dir.resolve("input.txt"), "busy\n");
        String vol = server.volumeWith(alice, dir);
        String id = server.api.post("/api/jobs", alice, Map.of("service", "sh", "inputs",
                Map.of("in", Map.of("volume", vol)), "parameters", Map.of("script", "sleep 30"))).json()
                .path("id").asText();
        assertThat(server.api.delete("/api/volumes/" + vol, alice).status()).isEqualTo(409);
        server.api.post("/api/jobs/" + id + "/cancel", alice, "");
        server.awaitJob(alice, id);
        assertThat(server.api.delete("/api/volumes/" + vol, alice).status()).isIn(200, 204);
    }

    @Test
    void badSubmissions_are400NamingTheField_andStoreNothing() {
        int before = server.api.get("/api/jobs", alice).json().path("items").size();
        assertThat(server.api.post("/api/jobs", alice, Map.of("service", "nope")).json().path("message").asText())
                .contains("service");
        assertThat(server.api.post("/api/jobs", alice, Map.of("service", "sh", "inputs", Map.of("in",
                Map.of("volume", input)))).json().path("message").asText()).contains("parameters.script");
        assertThat(server.api.post("/api/jobs", alice, Map.of("service", "sh", "inputs", Map.of("in",
                Map.of("volume", input)), "parameters", Map.of("script", "true", "extra", 1))).json().path("message")
                .asText()).contains("parameters.extra");
        assertThat(server.api.post("/api/jobs", bob, Map.of("service", "sh", "inputs", Map.of("in",
                Map.of("volume", input)), "parameters", Map.of("script", "cat /data/in/*"))).json()
                .path("message").asText()).as("bob cannot use alice's volume").contains("inputs.in.volume");
        Api.Response denied = server.api.post("/api/jobs", alice, Map.of("service", "sh", "inputs", Map.of("in",
                Map.of("volume", input)), "parameters", Map.of("script", "true"), "resources",
                Map.of("memoryMb", 999999)));
        assertThat(denied.status()).as("over the policy's memory ceiling").isEqualTo(403);
        assertThat(denied.json().path("error").asText()).isEqualTo("policy_denied");
        assertThat(denied.json().path("decision").path("results").toString()).contains("ceilings");
        assertThat(server.api.post("/api/jobs", alice, "{\"service\":").status()).isEqualTo(400);
        assertThat(server.api.get("/api/jobs", alice).json().path("items").size()).isEqualTo(before);
    }

    /** One server-sent event: its name and its data parsed as JSON. */
    private record Sse(String event, JsonNode data) {
    }

    /** Reads an SSE response on a virtual thread into a queue until the stream ends or is closed. */
    private static Thread readEvents(java.io.InputStream body, BlockingQueue<Sse> into) {
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String event = null;
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.startsWith("event: ")) {
                        event = l.substring(7);
                    } else if (l.startsWith("data: ")) {
                        into.add(new Sse(event, server.api.mapper().readTree(l.substring(6))));
                    }
                }
            } catch (java.io.IOException e) {
                // closed by the test
            }
        });
    }

    private static Sse next(BlockingQueue<Sse> q) throws InterruptedException {
        Sse e = q.poll(60, TimeUnit.SECONDS);
        assertThat(e).as("an event within 60 s").isNotNull();
        return e;
    }

    @Test
    void followingTheJobList_sendsASnapshotThenOwnJobsLive_andNeverAnotherUsers() throws Exception {
        String carol = server.newUser("carol");
        String carolId = server.api.get("/api/me", carol).json().path("id").asText();
        Path dir = Files.createDirectories(data.resolve("carol"));
        Files.writeString(dir.resolve("input.txt"), "carol\n");
        String carolInput = server.volumeWith(carol, dir);
        String existing = run("true", Map.of()).path("id").asText();

        BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<java.io.InputStream> r = http.send(server.api.builder("/api/jobs?follow=true", alice).GET()
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            Thread reader = readEvents(r.body(), events);
            try {
                Sse snapshot = next(events);
                assertThat(snapshot.event()).isEqualTo("snapshot");
                assertThat(snapshot.data().path("items").findValuesAsText("id")).as("alice's existing jobs")
                        .contains(existing).isEqualTo(server.api.get("/api/jobs", alice).json().path("items")
                                .findValuesAsText("id"));

                String carols = server.api.post("/api/jobs", carol, Map.of("service", "sh", "inputs",
                        Map.of("in", Map.of("volume", carolInput)), "parameters", Map.of("script", "echo carol")))
                        .json().path("id").asText();
                String mine = submit("echo mine", Map.of()).json().path("id").asText();
                List<String> states = new ArrayList<>();
                List<JsonNode> seen = new ArrayList<>();
                while (!List.of("COMPLETE", "EXECUTOR_ERROR", "SYSTEM_ERROR", "CANCELED")
                        .contains(states.isEmpty() ? "" : states.getLast())) {
                    Sse e = next(events);
                    assertThat(e.event()).isEqualTo("job");
                    seen.add(e.data());
                    if (e.data().path("id").asText().equals(mine)) {
                        states.add(e.data().path("state").asText());
                    }
                }
                assertThat(states.getFirst()).isEqualTo("QUEUED");
                assertThat(states).contains("RUNNING").endsWith("COMPLETE");
                assertThat(seen.getLast()).as("the full job, as GET /api/jobs/{id} shows it")
                        .isEqualTo(server.api.get("/api/jobs/" + mine, alice).json());

                // carol's job has ended; a job of alice's submitted after it is queued behind whatever carol's
                // job published, so once it arrives nothing of carol's can still be on its way
                server.awaitJob(carol, carols);
                String marker = submit("true", Map.of()).json().path("id").asText();
                for (Sse e = next(events); !e.data().path("id").asText().equals(marker); e = next(events)) {
                    seen.add(e.data());
                }
                assertThat(seen).as("carol's jobs never reach alice")
                        .noneMatch(j -> j.path("owner").asText().equals(carolId) || j.path("id").asText()
                                .equals(carols));
                server.awaitJob(alice, marker);
            } finally {
                r.body().close();
                reader.join(5_000);
            }
        }
    }
}
