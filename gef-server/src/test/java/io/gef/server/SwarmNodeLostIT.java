package io.gef.server;

import static io.gef.server.SwarmIT.DIR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #22: a node that leaves mid-job (its worker's dockerd killed with -9, so the manager marks it down) ends its
 * job with a clear reason, or, with {@code node-lost=retry}, runs it once more on another node. Worker 60 of
 * {@code scripts/swarm} is the one that goes down; the job's dataset label first exists only there.
 */
class SwarmNodeLostIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void withNodeLostFail_theJobEndsSystemErrorNamingTheDownNode() throws Exception {
        JsonNode done = killTheNodeMidJob("fail", "echo started; sleep 120");
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("SYSTEM_ERROR");
        assertThat(done.path("error").path("message").asText()).contains("went down while the job ran");
    }

    @Test
    void withNodeLostRetry_theJobRunsOnceMoreElsewhere_andCompletes() throws Exception {
        JsonNode done = killTheNodeMidJob("retry", "echo started on $(hostname); sleep 20; echo done > /data/out/r");
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETE");
    }

    private JsonNode killTheNodeMidJob(String nodeLost, String script) throws Exception {
        assumeTrue(DIR != null, "GEF_TEST_SWARM_DIR is not set: start scripts/swarm (./gef test does)");
        String label = "gef.data=lost-" + nodeLost;
        String manager = SwarmIT.cli("node", "ls", "--filter", "role=manager", "--format", "{{.ID}}").strip();
        String node = SwarmIT.swarm("add", "60").strip();
        try (ServiceEvents created = ServiceEvents.watch(DIR, dir.resolve("events.log"))) {
            SwarmIT.cli("node", "update", "--label-add", label, node);
            Path data = Files.createDirectories(dir.resolve("lost"));
            Map<String, String> cfg = new HashMap<>(SwarmIT.swarmConfig());
            cfg.put("gef.engines.swarm.node-lost", nodeLost);
            try (ServerProcess server = new ServerProcess(dir.resolve("gef"), cfg)) {
                server.start();
                String admin = server.adminToken();
                TwoEnginesIT.publishSh(server, admin);
                SwarmIT.dataset(server, admin, "lost", data, Map.of("gef.data", "lost-" + nodeLost));
                String id = SwarmIT.submit(server, admin, "lost", script);
                for (int i = 0; i < 600 && SwarmIT.logLines(server, admin, id) < 1; i++) {
                    Thread.sleep(100);
                }
                assertThat(SwarmIT.event(server, admin, id, "placed").path("data").path("node").asText())
                        .as("the first attempt runs where the data is").isEqualTo(node);
                SwarmIT.run(List.of("kill", "-9", Files.readString(Path.of(DIR, "w60", "dockerd.pid")).strip()));
                // the data is on the manager's host too (one disk here): where a retry may go once it is labelled
                SwarmIT.cli("node", "update", "--label-add", label, manager);
                JsonNode done = TwoEnginesIT.awaitEnd(server, admin, id, 240);
                JsonNode lost = SwarmIT.event(server, admin, id, "node-lost");
                assertThat(lost).as("a node-lost event").isNotNull();
                boolean retried = nodeLost.equals("retry");
                assertThat(lost.path("data").path("retrying").asBoolean()).isEqualTo(retried);
                assertThat(created.createdPerJob().get(id)).as("services created for the job")
                        .isEqualTo(retried ? 2 : 1);
                if (retried) {
                    assertThat(SwarmIT.cli("service", "ls", "--filter", "label=gef.job.id=" + id, "-q").strip())
                            .as("no service left behind").isEmpty();
                }
                return done;
            }
        } finally {
            try {
                SwarmIT.cli("node", "update", "--label-rm", label, manager);
            } catch (AssertionError notLabelled) {
                // the test ended before the manager got the label
            }
            SwarmIT.swarm("remove", "60");
        }
    }
}
