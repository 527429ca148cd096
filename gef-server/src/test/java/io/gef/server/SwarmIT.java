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
                Api.Response ds = server.api.post("/api/datasets", admin, Map.of("name", "archive-b", "engine",
                        "swarm", "hostPath", data.toString(), "nodeLabels", Map.of("gef.data", "archive-b")));
                assertThat(ds.status()).as(ds.body()).isEqualTo(201);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Api.Response r = server.api.post("/api/jobs", admin, Map.of("service", "sh", "inputs",
                            Map.of("in", Map.of("dataset", "archive-b")), "parameters", Map.of("script",
                                    "cat /data/in/input.txt > /data/out/copy.txt")));
                    assertThat(r.status()).as(r.body()).isEqualTo(201);
                    ids.add(r.json().path("id").asText());
                }
                for (String id : ids) {
                    JsonNode done = TwoEnginesIT.awaitEnd(server, admin, id);
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
            Path data = Files.createDirectories(dir.resolve("on-swarm"));
            Files.writeString(data.resolve("input.txt"), "x\n");
            assertThat(server.api.post("/api/datasets", admin, Map.of("name", "on-swarm", "engine", "swarm",
                    "hostPath", data.toString())).status()).isEqualTo(201);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Api.Response r = server.api.post("/api/jobs", admin, Map.of("service", "sh", "inputs",
                        Map.of("in", Map.of("dataset", "on-swarm")), "parameters", Map.of("script",
                                "for i in $(seq 1 8); do echo line $i; sleep 1; done; echo " + i + " > /data/out/r")));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                ids.add(r.json().path("id").asText());
            }
            for (int i = 0; i < 300 && !ids.stream().allMatch(id -> logLines(server, admin, id) >= 2); i++) {
                Thread.sleep(100);
            }
            server.kill9();
            server.start();
            for (int i = 0; i < ids.size(); i++) {
                JsonNode done = TwoEnginesIT.awaitEnd(server, admin, ids.get(i));
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
            }
        }
    }

    private static int logLines(ServerProcess server, String admin, String id) {
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

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", cmd, out).isZero();
        return out;
    }

    /** {@code docker events} of the manager for services, written to a file while the test runs. */
    record ServiceEvents(Process process, Path file) implements AutoCloseable {
        static ServiceEvents watch(String dir, Path file) throws IOException {
            Process p = new ProcessBuilder("/usr/bin/docker", "-H", "unix://" + dir + "/mgr/docker.sock", "events",
                    "--filter", "type=service", "--format", "{{.Action}} {{index .Actor.Attributes \"name\"}}")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            return new ServiceEvents(p, file);
        }

        /** Services created per job id (the job id is the service's name after "gef-"). */
        Map<String, Integer> createdPerJob() throws IOException, InterruptedException {
            Thread.sleep(500);
            Map<String, Integer> perJob = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("create ")) {
                    perJob.merge(line.substring(7).strip().replaceFirst("^gef-", ""), 1, Integer::sum);
                }
            }
            return perJob;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
