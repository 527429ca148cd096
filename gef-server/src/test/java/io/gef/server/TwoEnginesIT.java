package io.gef.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.EngineEvents;
import io.gef.testing.GefServer;
import io.gef.testing.ServerProcess;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15 on two real engines: the shared one and a second {@code dockerd} reached over TCP with TLS client
 * certificates, started by {@code scripts/engine2} ({@code ./gef test} starts it and sets
 * {@code GEF_TEST_ENGINE2_DIR}). Capacity 2 + 2; jobs of three users.
 */
class TwoEnginesIT {
    static final String DIR = System.getenv("GEF_TEST_ENGINE2_DIR");
    /** Where scripts/engine2 listens; another address lets a developer run their own instance. */
    static final String ADDR = System.getenv().getOrDefault("GEF_TEST_ENGINE2_ADDR", "127.0.0.2:23760");
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void twoHundredJobsOfThreeUsers_neverExceedTwoContainersPerEngine_allComplete_andTheLoneJobIsServedFairly()
            throws Exception {
        assumeTrue(DIR != null, "GEF_TEST_ENGINE2_DIR is not set: start scripts/engine2 (./gef test does)");
        try (ServerProcess server = new ServerProcess(dir.resolve("gef"), Map.of("gef.jobs.concurrency", "2",
                "gef.engines", "engine2", "gef.engines.engine2.endpoint", "tcp://" + ADDR,
                "gef.engines.engine2.tls-dir", DIR + "/tls", "gef.engines.engine2.max-concurrent-jobs", "2",
                "gef.engines.engine2.shares-server-files", "true", "gef.engines.engine2.labels", "site=test"))) {
            server.start();
            String admin = server.adminToken();
            publishSh(server, admin);
            EngineEvents onLocal = EngineEvents.watch(List.of(), server.instanceId, dir);
            EngineEvents onTwo = EngineEvents.watch(engine2(), server.instanceId, dir);
            List<String> users = List.of(user(server, admin, "ann"), user(server, admin, "bob"),
                    user(server, admin, "cyd"));
            Map<String, Integer> expected = new HashMap<>();
            for (int i = 0; i < 199; i++) {
                expected.put(submit(server, users.get(i % 2), i), i);
            }
            String lone = submit(server, users.get(2), 199);
            expected.put(lone, 199);
            Instant loneSubmitted = Instant.parse(server.api.get("/api/jobs/" + lone, admin).json()
                    .path("createdAt").asText());

            Map<String, Instant> dequeued = new HashMap<>();
            Map<String, String> engineOf = new HashMap<>();
            for (var e : expected.entrySet()) {
                JsonNode job = awaitEnd(server, admin, e.getKey());
                assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("COMPLETE");
                String out = job.path("outputs").get(0).path("volumeId").asText();
                assertThat(new String(server.api.getBytes("/api/volumes/" + out + "/files/r.txt", admin),
                        StandardCharsets.UTF_8)).isEqualTo(e.getValue() * e.getValue() + "\n");
                JsonNode ev = server.api.get("/api/jobs/" + e.getKey() + "/events", admin).json();
                for (JsonNode x : ev.path("events")) {
                    if (x.path("type").asText().equals("dequeued")) {
                        dequeued.put(e.getKey(), Instant.parse(x.path("at").asText()));
                        engineOf.put(e.getKey(), x.path("data").path("engine").asText());
                    }
                }
            }
            assertThat(engineOf.values()).as("both engines ran jobs").contains("local", "engine2");
            List<EngineEvents.Event> local = onLocal.stop();
            List<EngineEvents.Event> two = onTwo.stop();
            int maxLocal = EngineEvents.maxRunningAtOnce(local);
            int maxTwo = EngineEvents.maxRunningAtOnce(two);
            assertThat(java.util.stream.Stream.concat(local.stream(), two.stream())
                    .filter(e -> e.action().equals("create")).map(EngineEvents.Event::jobId).sorted().toList())
                    .as("one container per job").containsExactlyElementsOf(expected.keySet().stream().sorted().toList());
            long before = dequeued.values().stream().filter(t -> t.isAfter(loneSubmitted)
                    && t.isBefore(dequeued.get(lone))).count();
            System.out.printf("200 jobs: %d on local, %d on engine2; most job containers running at once: local %d, engine2 %d;"
                    + " starts between the lone job's submission and its start: %d%n",
                    engineOf.values().stream().filter("local"::equals).count(),
                    engineOf.values().stream().filter("engine2"::equals).count(), maxLocal, maxTwo, before);
            assertThat(maxLocal).as("local engine").isLessThanOrEqualTo(2);
            assertThat(maxTwo).as("engine2").isLessThanOrEqualTo(2);
            assertThat(before).as("starts after the lone job was submitted, before it started").isLessThan(6);
            JsonNode engines = server.api.get("/api/engines", admin).json().path("engines");
            assertThat(engines.findValuesAsText("id")).containsExactly("local", "engine2");
            assertThat(engines.get(1).path("capacity").asInt()).isEqualTo(2);
            assertThat(engines.get(1).path("labels").path("site").asText()).isEqualTo("test");
        }
    }

    /**
     * Acceptance 4 (with an engine that shares the server's files): engine 2's dockerd stops; a job on its dataset
     * waits with the reason while a job without data runs on the local engine; when engine 2 is back the waiting
     * job runs there.
     */
    @Test
    void engine2Stopping_leavesTheLocalEngineWorking_itsJobsWaitWithTheReason_andRunWhenItReturns() throws Exception {
        assumeTrue(DIR != null, "GEF_TEST_ENGINE2_DIR is not set: start scripts/engine2 (./gef test does)");
        java.nio.file.Path data = java.nio.file.Files.createDirectories(dir.resolve("archive2"));
        java.nio.file.Files.writeString(data.resolve("input.txt"), "on engine two\n");
        try (ServerProcess server = new ServerProcess(dir.resolve("gef"), Map.of("gef.engines", "engine2",
                "gef.engines.engine2.endpoint", "tcp://" + ADDR, "gef.engines.engine2.tls-dir", DIR + "/tls",
                "gef.engines.engine2.max-concurrent-jobs", "2", "gef.engines.engine2.shares-server-files", "true",
                "gef.engine.health-interval-seconds", "1"))) {
            server.start();
            String admin = server.adminToken();
            publishSh(server, admin);
            Api.Response ds = server.api.post("/api/datasets", admin, Map.of("name", "archive2", "engine", "engine2",
                    "hostPath", data.toString()));
            assertThat(ds.status()).as(ds.body()).isEqualTo(201);
            engine2("stop");
            String onTwo;
            try {
                Thread.sleep(2500); // a health check notices
                Api.Response r = server.api.post("/api/jobs", admin, Map.of("service", "sh", "inputs",
                        Map.of("in", Map.of("dataset", "archive2")), "parameters", Map.of("script",
                                "cat /data/in/input.txt > /data/out/copy.txt")));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                onTwo = r.json().path("id").asText();
                JsonNode local = awaitEnd(server, admin, submit(server, admin, 7));
                assertThat(local.path("state").asText()).as("the local engine keeps working").isEqualTo("COMPLETE");
                assertThat(local.path("engine").asText()).isEqualTo("local");
                JsonNode waiting = server.api.get("/api/jobs/" + onTwo + "/events", admin).json();
                assertThat(waiting.path("events").findValuesAsText("reason")).as(waiting.toString())
                        .contains("waiting for engine engine2 to answer again");
                assertThat(server.api.get("/api/jobs/" + onTwo, admin).json().path("state").asText())
                        .isEqualTo("QUEUED");
                JsonNode engines = server.api.get("/api/engines", admin).json().path("engines");
                assertThat(engines.get(1).path("reachable").asBoolean()).isFalse();
                assertThat(engines.get(1).path("queued").asInt()).isEqualTo(1);
            } finally {
                engine2("start");
            }
            JsonNode done = awaitEnd(server, admin, onTwo);
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETE");
            assertThat(done.path("engine").asText()).isEqualTo("engine2");
        }
    }

    static void engine2(String action) throws Exception {
        script(action, ADDR);
    }

    /** Runs {@code scripts/engine2 ACTION DIR ARGS...}; its output. */
    static String script(String action, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(GefServer.REPO.resolve("scripts/engine2").toString(), action, DIR));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("scripts/engine2 %s: %s", action, out).isZero();
        return out;
    }

    static List<String> engine2() {
        return List.of("-H", "tcp://" + ADDR, "--tlsverify", "--tlscacert", DIR + "/tls/ca.pem", "--tlscert",
                DIR + "/tls/cert.pem", "--tlskey", DIR + "/tls/key.pem");
    }

    private static String submit(ServerProcess server, String token, int i) {
        Api.Response r = server.api.post("/api/jobs", token, Map.of("service", "sh", "inputs",
                Map.of("in", Map.of("content", "x")), "parameters", Map.of("script",
                        "echo $((" + i + " * " + i + ")) > /data/out/r.txt")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    static String user(ServerProcess server, String admin, String name) {
        Api.Response r = server.api.post("/api/users", admin, Map.of("name", name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("token").asText();
    }

    static void publishSh(ServerProcess server, String admin) throws Exception {
        publish(server, admin, "sh");
    }

    /** Builds and publishes {@code service-images/NAME}. */
    static void publish(ServerProcess server, String admin, String name) throws Exception {
        Api.Response r = server.api.send(server.api.builder("/api/services/builds", admin)
                .header("Content-Type", "application/x-tar").POST(HttpRequest.BodyPublishers.ofByteArray(
                        GefServer.context(GefServer.REPO.resolve("service-images/" + name)))));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String build = r.json().path("id").asText();
        for (int i = 0; i < 1200; i++) {
            String state = server.api.get("/api/services/builds/" + build, admin).json().path("state").asText();
            if (state.equals("SUCCEEDED")) {
                return;
            }
            assertThat(state).as("build of " + name).isNotEqualTo("FAILED");
            Thread.sleep(100);
        }
        throw new AssertionError("build of " + name + " did not end");
    }

    static JsonNode awaitEnd(ServerProcess server, String admin, String id) throws Exception {
        return awaitEnd(server, admin, id, 600);
    }

    /** The job once it ended; else fails saying where it stood and what happened to it. */
    static JsonNode awaitEnd(ServerProcess server, String admin, String id, int seconds) throws Exception {
        JsonNode j = null;
        for (int i = 0; i < seconds * 10; i++) {
            j = server.api.get("/api/jobs/" + id, admin).json();
            if (j.path("endedAt").isTextual()) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not end within " + seconds + " s: " + j + "; events: "
                + server.api.get("/api/jobs/" + id + "/events", admin).json());
    }
}
