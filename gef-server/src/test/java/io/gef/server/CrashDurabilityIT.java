package io.gef.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.EngineEvents;
import io.gef.testing.GefServer;
import io.gef.testing.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13: a 2xx is a promise. The real server runs as its own process with live streams open (the job list and
 * a running job's log followed, as the GUI does); each round makes one kind of write, sends {@code kill -9} within
 * a second of its 2xx, starts the server again and finds every record acknowledged so far, and no container of
 * this instance without a job record.
 */
class CrashDurabilityIT {
    private static final int KILLS = 24;
    private static final String DOCKER = "/usr/bin/docker";
    private static final String ENGINE2 = TwoEnginesIT.ADDR;
    private final Random random = new Random(13);
    private final HttpClient streams = HttpClient.newHttpClient();
    private final List<Check> acknowledged = new ArrayList<>();
    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the data directory and server.log to look at
    Path dir;
    private ServerProcess server;
    private String admin;

    /** One acknowledged write and how to find it again after a restart. */
    private record Check(String what, Runnable verify) {
    }

    @Test
    void everyAcknowledgedWrite_survivesKill9WithinASecond_andNoContainerRunsWithoutAJob() throws Exception {
        try (ServerProcess s = new ServerProcess(dir.resolve("gef"), Map.of())) {
            server = s;
            server.start();
            admin = server.adminToken();
            assertThat(publish("sh-probe", "1.0").path("state").asText()).isEqualTo("SUCCEEDED");
            List<Writer> kinds = List.of(this::submitJob, this::createUser, this::createToken, this::publishService,
                    this::createVolume, this::uploadAndSeal, this::registerDataset, this::cancelJob);
            for (int round = 0; round < KILLS; round++) {
                String follower = submit("while true; do echo tick; sleep 0.2; done");
                List<CompletableFuture<?>> open = List.of(follow("/api/jobs?follow=true"),
                        follow("/api/jobs/" + follower + "/logs?follow=true"));
                if (round == KILLS / 2) {
                    orphanContainer(round);
                }
                kinds.get(round % kinds.size()).write(round);
                Thread.sleep(random.nextInt(900)); // the kill comes within a second of the 2xx
                server.kill9();
                open.forEach(f -> f.cancel(true));
                server.start();
                // the follower was re-attached after the kill (issue #15); end it so the rounds do not pile up
                Api.Response canceled = server.api.post("/api/jobs/" + follower + "/cancel", admin, Map.of());
                assertThat(canceled.status()).as(canceled.body()).isIn(200, 409);
                for (Check c : acknowledged) {
                    try {
                        c.verify().run();
                    } catch (AssertionError e) {
                        throw new AssertionError("after kill " + (round + 1) + ", " + c.what() + " (data in " + dir
                                + "): " + e.getMessage(), e);
                    }
                }
                assertNoContainerWithoutAJob();
            }
            assertThat(server.starts()).as("one start per kill, plus the first").isEqualTo(KILLS + 1);
            assertEveryRunJobGetsItsStatement();
        } finally {
            for (String c : docker("ps", "-aq", "--filter", "label=gef.instance=" + server.instanceId).split("\\s+")) {
                if (!c.isBlank()) {
                    docker("rm", "-f", c);
                }
            }
        }
    }

    /**
     * Issue #15, acceptance 3: {@code kill -9} while 20 jobs run, then a new start: every job is re-attached and
     * completes with its whole log (every line once) and its output, and the engine created exactly one container
     * per job (counted from the engine's own events, by label).
     */
    @Test
    void twentyRunningJobs_surviveKill9_completeWithWholeLogsAndOutputs_withOneContainerEach() throws Exception {
        int n = 20;
        Map<String, String> config = new java.util.HashMap<>(Map.of("gef.jobs.concurrency", "" + n));
        String engine2 = System.getenv("GEF_TEST_ENGINE2_DIR"); // then spread over both engines, 10 + 10
        if (engine2 != null) {
            config.putAll(Map.of("gef.jobs.concurrency", "10", "gef.engines", "engine2",
                    "gef.engines.engine2.endpoint", "tcp://" + ENGINE2, "gef.engines.engine2.tls-dir", engine2 + "/tls",
                    "gef.engines.engine2.max-concurrent-jobs", "10", "gef.engines.engine2.shares-server-files", "true"));
        }
        try (ServerProcess s = new ServerProcess(dir.resolve("reattach"), config)) {
            server = s;
            server.start();
            admin = server.adminToken();
            assertThat(publish("sh-probe", "1.0").path("state").asText()).isEqualTo("SUCCEEDED");
            List<String> engine2Args = engine2 == null ? List.of() : List.of("-H", "tcp://" + ENGINE2, "--tlsverify",
                    "--tlscacert", engine2 + "/tls/ca.pem", "--tlscert", engine2 + "/tls/cert.pem", "--tlskey",
                    engine2 + "/tls/key.pem");
            EngineEvents onLocal = EngineEvents.watch(List.of(), server.instanceId, dir);
            EngineEvents onTwo = engine2 == null ? null : EngineEvents.watch(engine2Args, server.instanceId, dir);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(submit("for i in $(seq 1 60); do echo job " + i + " line $i; sleep 0.1; done;"
                        + " echo result " + i + " > /data/out/result.txt"));
            }
            for (String id : ids) {
                await("job " + id + " runs and prints", () -> get("/api/jobs/" + id + "/logs").path("lines")
                        .size() >= 2);
            }
            server.kill9();
            server.start();
            for (int i = 0; i < n; i++) {
                String id = ids.get(i);
                await("job " + id + " ends", () -> get("/api/jobs/" + id).path("endedAt").isTextual());
                JsonNode job = get("/api/jobs/" + id);
                assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("COMPLETE");
                int k = i;
                assertThat(get("/api/jobs/" + id + "/logs").path("lines").findValuesAsText("line"))
                        .as("log of job %d: every line once, in order", k).containsExactlyElementsOf(
                                java.util.stream.IntStream.rangeClosed(1, 60).mapToObj(l -> "job " + k + " line " + l)
                                        .toList());
                String out = job.path("outputs").get(0).path("volumeId").asText();
                assertThat(server.api.getBytes("/api/volumes/" + out + "/files/result.txt", admin))
                        .isEqualTo(("result " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
            List<EngineEvents.Event> events = new ArrayList<>(onLocal.stop());
            if (onTwo != null) {
                List<EngineEvents.Event> there = onTwo.stop();
                assertThat(there).as("jobs ran on engine2 too").isNotEmpty();
                events.addAll(there);
            }
            List<String> created = events.stream().filter(e -> e.action().equals("create"))
                    .map(EngineEvents.Event::jobId).sorted().toList();
            assertThat(created).as("containers created, by job label").containsExactlyElementsOf(
                    ids.stream().sorted().toList());
        }
    }

    /** Issue #15: a graceful stop (SIGTERM) leaves a running job's container running; the next start finishes it. */
    @Test
    void sigterm_leavesTheRunningContainerRunning_andTheNextStartCompletesTheJob() throws Exception {
        try (ServerProcess s = new ServerProcess(dir.resolve("sigterm"), Map.of())) {
            server = s;
            server.start();
            admin = server.adminToken();
            assertThat(publish("sh-probe", "1.0").path("state").asText()).isEqualTo("SUCCEEDED");
            String id = submit("for i in $(seq 1 50); do echo line $i; sleep 0.1; done");
            await("job " + id + " prints", () -> get("/api/jobs/" + id + "/logs").path("lines").size() >= 3);
            server.terminate();
            assertThat(docker("ps", "--filter", "label=gef.job.id=" + id, "--format", "{{.State}}").trim())
                    .as("the container runs on without the server").isEqualTo("running");
            server.start();
            await("job " + id + " ends", () -> get("/api/jobs/" + id).path("endedAt").isTextual());
            assertThat(get("/api/jobs/" + id).path("state").asText()).isEqualTo("COMPLETE");
            assertThat(get("/api/jobs/" + id + "/logs").path("lines").findValuesAsText("line")).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, 50).mapToObj(l -> "line " + l).toList());
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(int round) throws Exception;
    }

    private void submitJob(int round) {
        String id = submit("echo round " + round);
        acknowledged.add(new Check("job " + id + " of round " + round, () -> assertThat(get("/api/jobs/" + id).path("id").asText())
                .isEqualTo(id)));
    }

    private void cancelJob(int round) throws Exception {
        String id = submit("sleep 120");
        await("job " + id + " runs", () -> get("/api/jobs/" + id).path("state").asText().equals("RUNNING"));
        Api.Response r = server.api.post("/api/jobs/" + id + "/cancel", admin, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("state").asText()).isEqualTo("CANCELED");
        acknowledged.add(new Check("canceled job " + id, () -> assertThat(get("/api/jobs/" + id).path("state")
                .asText()).as("job " + id + " stays canceled").isEqualTo("CANCELED")));
    }

    private void createUser(int round) {
        Api.Response r = server.api.post("/api/users", admin, Map.of("name", "user" + round));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String token = r.json().path("token").asText();
        acknowledged.add(new Check("user" + round, () -> assertThat(server.api.get("/api/me", token).json()
                .path("name").asText()).as("user" + round + " signs in with its token").isEqualTo("user" + round)));
    }

    private void createToken(int round) {
        Api.Response r = server.api.post("/api/tokens", admin, Map.of("name", "token" + round));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String token = r.json().path("token").asText();
        acknowledged.add(new Check("token" + round, () -> assertThat(server.api.get("/api/me", token).status())
                .as("token" + round + " still signs in").isEqualTo(200)));
    }

    private void publishService(int round) throws Exception {
        Api.Response r = postBuild("probe-" + round, "1." + round);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String build = r.json().path("id").asText();
        acknowledged.add(new Check("build " + build, () -> assertThat(get("/api/services/builds/" + build)
                .path("id").asText()).isEqualTo(build)));
    }

    private void createVolume(int round) {
        String id = volume("volume" + round);
        acknowledged.add(new Check("volume " + id, () -> assertThat(get("/api/volumes/" + id).path("name").asText())
                .isEqualTo("volume" + round)));
    }

    private void uploadAndSeal(int round) {
        String id = volume("sealed" + round);
        byte[] content = ("content of round " + round + "\n").getBytes(StandardCharsets.UTF_8);
        Api.Response up = server.api.put("/api/volumes/" + id + "/files/data.txt", admin, content);
        assertThat(up.status() / 100).as(up.body()).isEqualTo(2);
        Api.Response sealed = server.api.post("/api/volumes/" + id + "/seal", admin, Map.of());
        assertThat(sealed.status()).as(sealed.body()).isEqualTo(200);
        acknowledged.add(new Check("sealed volume " + id, () -> {
            assertThat(get("/api/volumes/" + id).path("state").asText()).isEqualTo("SEALED");
            assertThat(server.api.getBytes("/api/volumes/" + id + "/files/data.txt", admin)).isEqualTo(content);
        }));
    }

    private void registerDataset(int round) throws IOException {
        Path host = Files.createDirectories(dir.resolve("datasets/d" + round));
        Files.writeString(host.resolve("readme.txt"), "dataset " + round);
        Api.Response r = server.api.post("/api/datasets", admin, Map.of("name", "dataset" + round, "engine", "local",
                "hostPath", host.toString(), "description", "round " + round));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        acknowledged.add(new Check("dataset" + round, () -> assertThat(get("/api/datasets/dataset" + round)
                .path("name").asText()).isEqualTo("dataset" + round)));
    }

    /** A container labelled as this instance's, for a job nobody recorded: the next start must stop it. */
    private void orphanContainer(int round) throws Exception {
        String job = "job-orphan-" + round;
        docker("run", "-d", "--label", "gef.instance=" + server.instanceId, "--label", "gef.job.id=" + job,
                "--network", "none", GefServer.REGISTRY + "/gef/base:1", "sleep", "600");
        acknowledged.add(new Check("orphan " + job + " stopped and reported", () -> {
            assertThat(containerJobIds()).as("containers of this instance").doesNotContain(job);
            assertThat(get("/api/notices").path("notices").findValuesAsText("kind"))
                    .contains("orphan-container-stopped");
        }));
    }

    private void assertNoContainerWithoutAJob() {
        for (String job : containerJobIds()) {
            assertThat(server.api.get("/api/jobs/" + job, admin).status())
                    .as("container of job %s has a job record", job).isEqualTo(200);
        }
    }

    /** Every job that ran and ended has its signed statement, even when the kill fell between the two. */
    private void assertEveryRunJobGetsItsStatement() throws Exception {
        for (JsonNode j : get("/api/jobs?limit=200").path("items")) {
            boolean ran = !j.path("startedAt").isNull() && !j.path("endedAt").isNull();
            if (ran) {
                String id = j.path("id").asText();
                await("statement of " + id, () -> server.api.get("/api/jobs/" + id + "/provenance", admin)
                        .status() == 200);
            }
        }
    }

    private String submit(String script) {
        Api.Response r = server.api.post("/api/jobs", admin, Map.of("service", "sh-probe", "inputs",
                Map.of("in", Map.of("content", "x")), "parameters", Map.of("script", script)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private String volume(String name) {
        Api.Response r = server.api.post("/api/volumes", admin, Map.of("name", name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private JsonNode publish(String name, String version) throws Exception {
        String build = postBuild(name, version).json().path("id").asText();
        JsonNode b = null;
        for (int i = 0; i < 600; i++) {
            b = get("/api/services/builds/" + build);
            if (b.path("state").asText().equals("SUCCEEDED") || b.path("state").asText().equals("FAILED")) {
                return b;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("build did not end: " + b);
    }

    /** A copy of the sh example under another name and version. */
    private Api.Response postBuild(String name, String version) throws IOException {
        Path ctx = Files.createDirectories(dir.resolve("contexts/" + name + "-" + version));
        Files.writeString(ctx.resolve("Dockerfile"), Files.readString(GefServer.REPO.resolve(
                "service-images/sh/Dockerfile")).replace("name=\"sh\"", "name=\"" + name + "\"")
                .replace("version=\"1.0\"", "version=\"" + version + "\""));
        return server.api.send(server.api.builder("/api/services/builds", admin)
                .header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofByteArray(GefServer.context(ctx))));
    }

    private CompletableFuture<HttpResponse<Void>> follow(String path) {
        return streams.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.discarding());
    }

    private JsonNode get(String path) {
        Api.Response r = server.api.get(path, admin);
        assertThat(r.status()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return r.json();
    }

    private List<String> containerJobIds() {
        try {
            String out = docker("ps", "-a", "--filter", "label=gef.instance=" + server.instanceId, "--format",
                    "{{.Label \"gef.job.id\"}}");
            return out.lines().filter(l -> !l.isBlank()).toList();
        } catch (Exception e) {
            throw new AssertionError("docker ps failed", e);
        }
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(DOCKER));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Up to 2 minutes: on a loaded 2-core machine 20 containers on two engines take a while to start. */
    private static void await(String what, Condition c) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (c.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
