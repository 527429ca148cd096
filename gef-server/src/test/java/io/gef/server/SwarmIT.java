package io.gef.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import io.gef.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #22 on a real swarm: the manager of {@code scripts/swarm start $GEF_TEST_SWARM_DIR} (./gef test starts it)
 * and worker nodes, each a dockerd in its own network namespace, added by the tests with {@code scripts/swarm add}.
 * The server runs as a real process, so a crash is a real {@code kill -9}.
 */
class SwarmIT {
    static final String DIR = System.getenv("GEF_TEST_SWARM_DIR");
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    static Map<String, String> swarmConfig() {
        return Map.of("gef.engines", "swarm", "gef.engines.swarm.type", "swarm",
                "gef.engines.swarm.endpoint", "unix://" + DIR + "/mgr/docker.sock",
                "gef.engines.swarm.shares-server-files", "true", "gef.engines.swarm.max-concurrent-jobs", "4",
                "gef.engines.swarm.check-image", "gef/base:1", "gef.engine.health-interval-seconds", "1");
    }

    /**
     * Acceptance 2: with a second node joined as a worker from its own network namespace, a job on a dataset whose
     * node label only that node carries runs there, and the job records the node. Both nodes passed the
     * shared-disk check; the engine lists what Swarm cannot enforce.
     */
    @Test
    void aJobOnADatasetLabelledForNode2_runsOnNode2_andRecordsIt() throws Exception {
        assumeTrue(DIR != null, "GEF_TEST_SWARM_DIR is not set: start scripts/swarm (./gef test does)");
        String node2 = swarm("add", "2").strip();
        try {
            cli("node", "update", "--label-add", "gef.data=archive-b", node2);
            Path data = Files.createDirectories(dir.resolve("archive-b"));
            Files.writeString(data.resolve("input.txt"), "held near node two\n");
            try (ServerProcess server = new ServerProcess(dir.resolve("gef"), swarmConfig())) {
                server.start();
                String admin = server.adminToken();
                TwoEnginesIT.publishSh(server, admin);
                JsonNode swarm = server.api.get("/api/engines", admin).json().path("engines").get(1);
                assertThat(swarm.path("type").asText()).as(swarm.toString()).isEqualTo("swarm");
                assertThat(swarm.path("notEnforced").findValuesAsText("")).isEmpty();
                assertThat(swarm.path("notEnforced").size()).isPositive();
                assertThat(swarm.path("nodes").size()).as(swarm.toString()).isEqualTo(2);
                assertThat(swarm.path("nodes").findValues("refused")).as("both nodes see the shared disk")
                        .allMatch(JsonNode::isNull);
                dataset(server, admin, "archive-b", data, Map.of("gef.data", "archive-b"));
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    ids.add(submit(server, admin, "archive-b", "cat /data/in/input.txt > /data/out/copy.txt"));
                }
                for (String id : ids) {
                    JsonNode done = TwoEnginesIT.awaitEnd(server, admin, id, 240);
                    assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETE");
                    assertThat(done.path("engine").asText()).isEqualTo("swarm");
                    String out = done.path("outputs").get(0).path("volumeId").asText();
                    assertThat(new String(server.api.getBytes("/api/volumes/" + out + "/files/copy.txt", admin),
                            StandardCharsets.UTF_8)).isEqualTo("held near node two\n");
                    JsonNode placed = event(server, admin, id, "placed");
                    assertThat(placed.path("data").path("node").asText()).as("task's node").isEqualTo(node2);
                    assertThat(placed.path("data").path("nodeName").asText()).contains("gef.node=w2");
                }
            }
        } finally {
            swarm("remove", "2");
        }
    }

    /**
     * Acceptance 3: the server is killed (-9) while swarm jobs run; the next process re-attaches their services,
     * every job completes with its whole log, and each job had exactly one service.
     */
    @Test
    void killMinus9MidRun_reattachesTheSwarmJobs_whichFinishOnceEach() throws Exception {
        assumeTrue(DIR != null, "GEF_TEST_SWARM_DIR is not set: start scripts/swarm (./gef test does)");
        try (ServerProcess server = new ServerProcess(dir.resolve("gef"), swarmConfig());
             ServiceEvents created = ServiceEvents.watch(DIR, dir.resolve("events.log"))) {
            server.start();
            String admin = server.adminToken();
            TwoEnginesIT.publishSh(server, admin);
            // a dataset only the swarm holds: the jobs run there, not on the local engine
            dataset(server, admin, "on-swarm", Files.createDirectories(dir.resolve("on-swarm")), Map.of());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(submit(server, admin, "on-swarm", "for i in $(seq 1 8); do echo line $i; sleep 1; done; echo "
                        + i + " > /data/out/r"));
            }
            for (int i = 0; i < 300 && !ids.stream().allMatch(id -> logLines(server, admin, id) >= 2); i++) {
                Thread.sleep(100);
            }
            server.kill9();
            server.start();
            for (int i = 0; i < ids.size(); i++) {
                JsonNode done = TwoEnginesIT.awaitEnd(server, admin, ids.get(i), 240);
                assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETE");
                assertThat(done.path("engine").asText()).isEqualTo("swarm");
                String out = done.path("outputs").get(0).path("volumeId").asText();
                assertThat(new String(server.api.getBytes("/api/volumes/" + out + "/files/r", admin),
                        StandardCharsets.UTF_8)).isEqualTo(i + "\n");
                assertThat(event(server, admin, ids.get(i), "re-attached")).as("re-attached").isNotNull();
                JsonNode logs = server.api.get("/api/jobs/" + ids.get(i) + "/logs", admin).json();
                assertThat(logs.findValuesAsText("line")).as("every line once")
                        .containsExactly("line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7",
                                "line 8");
            }
            Map<String, Integer> services = created.createdPerJob();
            for (String id : ids) {
                assertThat(services.get(id)).as("services created for " + id).isEqualTo(1);
                String left = "";
                for (int i = 0; i < 60; i++) { // the manager's agent removes a removed service's task container
                    left = cli("ps", "-aq", "--filter", "label=gef.job.id=" + id).strip();
                    if (left.isEmpty()) {
                        break;
                    }
                    Thread.sleep(500);
                }
                assertThat(left).as("task containers left behind by " + id).isEmpty();
            }
        }
    }

    /**
     * Acceptance 4: with hooks that start and stop local worker nodes (scripts/swarm scale), the pool first grows to
     * its min, a burst of 40 queued jobs grows it to max, it shrinks back to min once the queue drained, and a
     * worker whose dockerd is killed is replaced. Every decision is a notice.
     */
    @Test
    void aBurstOf40Jobs_growsThePoolToMax_itShrinksToMinAfterwards_andAKilledWorkerIsReplaced() throws Exception {
        assumeTrue(DIR != null, "GEF_TEST_SWARM_DIR is not set: start scripts/swarm (./gef test does)");
        String hook = GefServer.REPO.resolve("scripts/swarm") + " scale " + DIR;
        Map<String, String> cfg = new HashMap<>(swarmConfig());
        cfg.putAll(Map.of("gef.engines.swarm.max-concurrent-jobs", "2", "gef.engines.swarm.pool-min", "2",
                "gef.engines.swarm.pool-max", "4", "gef.engines.swarm.pool-queue-high-water", "4",
                "gef.engines.swarm.pool-queue-low-water", "0", "gef.engines.swarm.pool-sustain-seconds", "2",
                "gef.engines.swarm.pool-scale-out-hook", hook, "gef.engines.swarm.pool-scale-in-hook", hook));
        try (ServerProcess server = new ServerProcess(dir.resolve("gef"), cfg)) {
            server.start();
            String admin = server.adminToken();
            awaitNodes(2, 120);
            TwoEnginesIT.publishSh(server, admin);
            dataset(server, admin, "on-swarm", Files.createDirectories(dir.resolve("on-swarm")), Map.of());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(submit(server, admin, "on-swarm", "sleep 2; echo " + i + " > /data/out/r"));
            }
            int most = 0;
            for (String id : ids) {
                JsonNode done = TwoEnginesIT.awaitEnd(server, admin, id, 240);
                assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETE");
                most = Math.max(most, readyNodes());
            }
            List<String> kinds = notices(server, admin);
            System.out.printf("40 jobs: most ready nodes seen %d; pool decisions: %s%n", most, kinds);
            assertThat(kinds).contains("swarm-scale-out");
            assertThat(String.join(",", noticeMessages(server, admin))).as("grew to max").contains("asking for 4");
            awaitNodes(2, 120);
            assertThat(notices(server, admin)).as("shrunk after the queue drained").contains("swarm-scale-in");

            String victim = worker();
            String pid = Files.readString(Path.of(DIR, "w" + victim, "dockerd.pid")).strip();
            run(List.of("kill", "-9", pid));
            // the pool may still be running the scale-in hook (each node's dockerd stops gracefully) before it looks
            long killed = System.nanoTime();
            for (int i = 0; i < 2400 && !notices(server, admin).contains("swarm-node-replaced"); i++) {
                Thread.sleep(100);
            }
            assertThat(notices(server, admin)).as("the killed worker was replaced").contains("swarm-node-replaced");
            awaitNodes(2, 120);
            System.out.printf("after kill -9 of worker %d's dockerd: replaced within %d s: %s%n",
                    Integer.parseInt(victim), (System.nanoTime() - killed) / 1_000_000_000L,
                    cli("node", "ls", "--format", "{{.ID}} {{.Status}} {{.Availability}}").replace('\n', ';'));
        } finally {
            swarm("scale", "1");
        }
    }

    /** Registers a dataset on the swarm engine only (so its jobs run there, not on the local engine). */
    static void dataset(ServerProcess server, String admin, String name, Path data, Map<String, String> labels) {
        Api.Response r = server.api.post("/api/datasets", admin, Map.of("name", name, "engine", "swarm", "hostPath",
                data.toString(), "nodeLabels", labels));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static String submit(ServerProcess server, String admin, String dataset, String script) {
        Api.Response r = server.api.post("/api/jobs", admin, Map.of("service", "sh", "inputs",
                Map.of("in", Map.of("dataset", dataset)), "parameters", Map.of("script", script)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static int readyNodes() throws IOException, InterruptedException {
        return (int) cli("node", "ls", "--format", "{{.Status}} {{.Availability}}").lines()
                .filter("Ready Active"::equals).count();
    }

    private static void awaitNodes(int n, int seconds) throws Exception {
        for (int i = 0; i < seconds * 2 && readyNodes() != n; i++) {
            Thread.sleep(500);
        }
        assertThat(readyNodes()).as("ready nodes").isEqualTo(n);
    }

    /** The one worker left once the scale-in hook finished removing the others (it runs on after the drain). */
    private static String worker() throws IOException, InterruptedException {
        for (int i = 0; i < 240; i++) {
            List<String> left;
            try (var s = Files.list(Path.of(DIR))) {
                left = s.filter(p -> p.getFileName().toString().matches("w\\d+")
                        && Files.exists(p.resolve("node.id")) && Files.exists(p.resolve("dockerd.pid")))
                        .map(p -> p.getFileName().toString().substring(1)).toList();
            }
            if (left.size() == 1) {
                return left.getFirst();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the pool did not come back to one worker");
    }

    private static List<String> notices(ServerProcess server, String admin) {
        return server.api.get("/api/notices", admin).json().path("notices").findValuesAsText("kind");
    }

    private static List<String> noticeMessages(ServerProcess server, String admin) {
        return server.api.get("/api/notices", admin).json().path("notices").findValuesAsText("message");
    }

    static int logLines(ServerProcess server, String admin, String id) {
        return server.api.get("/api/jobs/" + id + "/logs", admin).json().findValuesAsText("line").size();
    }

    static JsonNode event(ServerProcess server, String admin, String id, String type) {
        for (JsonNode e : server.api.get("/api/jobs/" + id + "/events", admin).json().path("events")) {
            if (e.path("type").asText().equals(type)) {
                return e;
            }
        }
        return null;
    }

    static String swarm(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(GefServer.REPO.resolve("scripts/swarm").toString(), args[0], DIR));
        cmd.addAll(List.of(args).subList(1, args.length));
        return run(cmd);
    }

    static String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/docker", "-H", "unix://" + DIR + "/mgr/docker.sock"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", cmd, out).isZero();
        return out;
    }
}
