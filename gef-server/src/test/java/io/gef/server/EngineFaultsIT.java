package io.gef.server;

import static io.gef.server.TwoEnginesIT.awaitEnd;
import static io.gef.server.TwoEnginesIT.publishSh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15, engine faults, for real: a second {@code dockerd} ({@code scripts/engine2}, as for
 * {@link TwoEnginesIT}) is frozen with {@code kill -STOP} (it accepts connections but never answers, as in a
 * network partition or a hung daemon) or stopped and started again while a job runs there. The job must stay
 * RUNNING while it waits, complete with every line once when the engine comes back with the container still
 * there, end SYSTEM_ERROR naming the engine when the restart stopped its container (or run once more, when
 * configured), and end SYSTEM_ERROR when the engine stays silent past the grace; meanwhile the local engine and
 * the HTTP API keep working.
 */
class EngineFaultsIT {
    static final String DIR = TwoEnginesIT.DIR;
    private static final String SCRIPT = "for i in $(seq 1 20); do echo line $i; sleep 1; done";
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /**
     * One server, three faults: (a) frozen for a while, then thawed: the job completes with lines 1..20 once each;
     * (c) frozen past the grace: SYSTEM_ERROR saying so, its container removed once the engine answers; (b) stopped
     * and started: SYSTEM_ERROR naming the engine.
     */
    @Test
    void frozenThenThawed_completes_frozenPastTheGrace_fails_restarted_failsNamingTheEngine() throws Exception {
        assumeTrue(DIR != null, "GEF_TEST_ENGINE2_DIR is not set: start scripts/engine2 (./gef test does)");
        try (ServerProcess server = server("one", false)) {
            String admin = server.adminToken();

            // (a) frozen longer than the health interval, then thawed
            String a = submitOnEngine2(server, admin);
            awaitLine(server, admin, a, "line 3");
            freeze(true);
            try {
                JsonNode lost = awaitEvent(server, admin, a, "engine-unreachable");
                assertThat(lost.path("data").path("reason").asText()).contains("engine2", "waits up to 20 s");
                assertRunning(server, admin, a);
                // the frozen engine holds neither the API nor the other engine's jobs
                JsonNode local = awaitEnd(server, admin, submit(server, admin, null, "echo on local"), 120);
                assertThat(local.path("state").asText()).as(local.toString()).isEqualTo("COMPLETE");
                assertThat(local.path("engine").asText()).isEqualTo("local");
                JsonNode engines = server.api.get("/api/engines", admin).json().path("engines");
                assertThat(engines.get(1).path("reachable").asBoolean()).as(engines.toString()).isFalse();
                assertRunning(server, admin, a);
            } finally {
                freeze(false);
            }
            JsonNode done = awaitEnd(server, admin, a, 180);
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETE");
            assertThat(events(server, admin, a)).contains("engine-unreachable", "engine-answered");
            assertThat(logOf(server, admin, a)).as("every line exactly once, in order")
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "line " + i).toList());

            // (c) frozen past the grace
            String c = submitOnEngine2(server, admin);
            awaitLine(server, admin, c, "line 2");
            JsonNode failed;
            freeze(true);
            try {
                failed = awaitEnd(server, admin, c, 180);
            } finally {
                freeze(false);
            }
            assertThat(failed.path("state").asText()).as(failed.toString()).isEqualTo("SYSTEM_ERROR");
            assertThat(failed.path("error").path("message").asText())
                    .contains("engine engine2 did not answer for 20 s");
            awaitNoContainer(c);

            // (b) its dockerd stopped and started again mid-job (which stops the job's container)
            String b = submitOnEngine2(server, admin);
            awaitLine(server, admin, b, "line 3");
            TwoEnginesIT.engine2("stop");
            TwoEnginesIT.engine2("start");
            JsonNode restarted = awaitEnd(server, admin, b, 180);
            assertThat(restarted.path("state").asText()).as(restarted.toString()).isEqualTo("SYSTEM_ERROR");
            assertThat(restarted.path("error").path("message").asText())
                    .contains("engine engine2 went down while the job was RUNNING");
            assertThat(events(server, admin, b)).contains("engine-lost");
            awaitNoContainer(b);
        }
    }

    /**
     * (b) with {@code gef.engine.retry-after-engine-restart=true}: the job runs once more and completes; the server
     * is killed ({@code kill -9}) during the second attempt and re-attaches to it without losing or repeating lines.
     */
    @Test
    void restarted_withRetry_runsTheJobOnceMore_inOneNewContainer_andSurvivesAServerCrash() throws Exception {
        assumeTrue(DIR != null, "GEF_TEST_ENGINE2_DIR is not set: start scripts/engine2 (./gef test does)");
        try (ServerProcess server = server("retry", true)) {
            String admin = server.adminToken();
            String b = submitOnEngine2(server, admin);
            awaitLine(server, admin, b, "line 3");
            TwoEnginesIT.engine2("stop");
            TwoEnginesIT.engine2("start");
            for (int i = 0; i < 1200 && logOf(server, admin, b).stream().filter("line 3"::equals).count() < 2; i++) {
                Thread.sleep(100); // until the second attempt printed its third line
            }
            server.kill9();
            server.start();
            JsonNode done = awaitEnd(server, admin, b, 240);
            assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETE");
            JsonNode ev = server.api.get("/api/jobs/" + b + "/events", admin).json().path("events");
            List<JsonNode> lost = new ArrayList<>();
            int created = 0;
            for (JsonNode e : ev) {
                if (e.path("type").asText().equals("engine-lost")) {
                    lost.add(e);
                }
                created += e.path("type").asText().equals("container-created") ? 1 : 0;
            }
            assertThat(lost).as(ev.toString()).hasSize(1);
            assertThat(lost.getFirst().path("data").path("retrying").asBoolean()).isTrue();
            // the first container, then a new one (more when the restarting engine refused the first tries; each
            // try removes the previous container first)
            assertThat(created).as(ev.toString()).isGreaterThanOrEqualTo(2);
            int before = lost.getFirst().path("data").path("linesBefore").path("stdout").asInt();
            assertThat(before).as(lost.toString()).isGreaterThanOrEqualTo(3);
            List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, before).mapToObj(i -> "line " + i)
                    .toList());
            expected.addAll(IntStream.rangeClosed(1, 20).mapToObj(i -> "line " + i).toList());
            assertThat(logOf(server, admin, b)).as("the first attempt's lines, then the second's, each once")
                    .containsExactlyElementsOf(expected);
            assertThat(events(server, admin, b)).contains("re-attached");
            awaitNoContainer(b);
        }
    }

    private ServerProcess server(String name, boolean retry) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name + "-archive2"));
        Files.writeString(data.resolve("input.txt"), "on engine two\n");
        Map<String, String> config = new HashMap<>(Map.of("gef.engines", "engine2",
                "gef.engines.engine2.endpoint", "tcp://" + TwoEnginesIT.ADDR,
                "gef.engines.engine2.tls-dir", DIR + "/tls", "gef.engines.engine2.max-concurrent-jobs", "2",
                "gef.engines.engine2.shares-server-files", "true", "gef.engine.health-interval-seconds", "1",
                "gef.engine.lost-grace-seconds", "20"));
        config.put("gef.engine.retry-after-engine-restart", Boolean.toString(retry));
        ServerProcess server = new ServerProcess(dir.resolve(name), config).start();
        String admin = server.adminToken();
        publishSh(server, admin);
        Api.Response ds = server.api.post("/api/datasets", admin, Map.of("name", "archive2", "engine", "engine2",
                "hostPath", data.toString()));
        assertThat(ds.status()).as(ds.body()).isEqualTo(201);
        return server;
    }

    /** A job that must run on engine2 (it reads a dataset there) and prints 20 lines, one a second. */
    private static String submitOnEngine2(ServerProcess server, String admin) {
        return submit(server, admin, Map.of("dataset", "archive2"), SCRIPT);
    }

    private static String submit(ServerProcess server, String admin, Map<String, Object> in, String script) {
        Api.Response r = server.api.post("/api/jobs", admin, Map.of("service", "sh", "inputs",
                Map.of("in", in == null ? Map.of("content", "x") : in), "parameters", Map.of("script", script)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    /** {@code kill -STOP} (true) or {@code -CONT} (false) to engine2's dockerd, by the pid in its pidfile. */
    private static void freeze(boolean stop) throws Exception {
        String pid = Files.readString(Path.of(DIR, "dockerd.pid")).trim();
        Process p = new ProcessBuilder("kill", stop ? "-STOP" : "-CONT", pid).inheritIO().start();
        assertThat(p.waitFor()).as("kill %s %s", stop ? "-STOP" : "-CONT", pid).isZero();
    }

    private static void assertRunning(ServerProcess server, String admin, String id) {
        JsonNode job = server.api.get("/api/jobs/" + id, admin).json();
        assertThat(job.path("state").asText()).as(job.path("error") + " after " + events(server, admin, id))
                .isEqualTo("RUNNING");
    }

    private static String state(ServerProcess server, String admin, String id) {
        return server.api.get("/api/jobs/" + id, admin).json().path("state").asText();
    }

    private static List<String> logOf(ServerProcess server, String admin, String id) {
        return server.api.get("/api/jobs/" + id + "/logs?format=text", admin).body().lines().toList();
    }

    private static List<String> events(ServerProcess server, String admin, String id) {
        return server.api.get("/api/jobs/" + id + "/events", admin).json().path("events").findValuesAsText("type");
    }

    private static void awaitLine(ServerProcess server, String admin, String id, String line) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (logOf(server, admin, id).contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not print '" + line + "': "
                + server.api.get("/api/jobs/" + id, admin).json());
    }

    private static JsonNode awaitEvent(ServerProcess server, String admin, String id, String type) throws Exception {
        for (int i = 0; i < 1200; i++) {
            for (JsonNode e : server.api.get("/api/jobs/" + id + "/events", admin).json().path("events")) {
                if (e.path("type").asText().equals(type)) {
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " got no event " + type + ": "
                + server.api.get("/api/jobs/" + id + "/events", admin).json());
    }

    /** Waits until engine2 has no container of the job (it is removed once the job ended and the engine answers). */
    private static void awaitNoContainer(String jobId) throws Exception {
        String out = "";
        for (int i = 0; i < 120; i++) {
            List<String> cmd = new ArrayList<>(List.of("docker"));
            cmd.addAll(TwoEnginesIT.engine2());
            cmd.addAll(List.of("ps", "-aq", "--filter", "label=gef.job.id=" + jobId));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && out.isEmpty()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("engine2 still has a container of job " + jobId + ": " + out);
    }
}
