package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.config.ConfigException;
import io.gef.config.GefConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmSettingsTest {
    private static final Map<String, String> SWARM = Map.of("gef.engines", "sw", "gef.engines.sw.type", "swarm",
            "gef.engines.sw.endpoint", "unix:///run/mgr.sock");

    private static EngineSettings swarm(Map<String, String> extra) {
        var all = new HashMap<>(SWARM);
        all.putAll(extra);
        return EngineSettings.fromConfig(GefConfig.of(all)).get(1);
    }

    @Test
    void aSwarmEngine_withoutPool_retriesJobsOfLostNodes_andKeepsItsNodesByHand() {
        EngineSettings e = swarm(Map.of());
        assertThat(e.swarm()).isPresent();
        assertThat(e.swarm().get().nodeLost()).isEqualTo(SwarmSettings.NodeLost.RETRY);
        assertThat(e.swarm().get().pool()).isEmpty();
        assertThat(EngineSettings.fromConfig(GefConfig.of(Map.of())).getFirst().swarm()).as("plain").isEmpty();
    }

    @Test
    void aPoolPolicy_isReadWithItsHooks() {
        var pool = swarm(Map.of("gef.engines.sw.pool-min", "2", "gef.engines.sw.pool-max", "5",
                "gef.engines.sw.pool-queue-high-water", "8", "gef.engines.sw.pool-queue-low-water", "1",
                "gef.engines.sw.pool-sustain-seconds", "3", "gef.engines.sw.pool-scale-out-hook", "/bin/grow  --fast",
                "gef.engines.sw.pool-scale-in-hook", "/bin/shrink", "gef.engines.sw.node-lost", "fail"))
                .swarm().orElseThrow();
        assertThat(pool.nodeLost()).isEqualTo(SwarmSettings.NodeLost.FAIL);
        var p = pool.pool().orElseThrow();
        assertThat(List.of(p.min(), p.max(), p.queueHighWater(), p.queueLowWater())).containsExactly(2, 5, 8, 1);
        assertThat(p.sustain()).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.scaleOutHook()).containsExactly("/bin/grow", "--fast");
        assertThat(p.scaleInHook()).containsExactly("/bin/shrink");
    }

    @Test
    void badPoolValues_nameTheKey() {
        assertThatThrownBy(() -> swarm(Map.of("gef.engines.sw.pool-min", "4", "gef.engines.sw.pool-max", "2",
                "gef.engines.sw.pool-scale-out-hook", "a", "gef.engines.sw.pool-scale-in-hook", "b")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines.sw.pool-min");
        assertThatThrownBy(() -> swarm(Map.of("gef.engines.sw.pool-max", "2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines.sw.pool-scale-out-hook");
        assertThatThrownBy(() -> swarm(Map.of("gef.engines.sw.type", "kubernetes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines.sw.type");
        assertThatThrownBy(() -> swarm(Map.of("gef.engines.sw.node-lost", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines.sw.node-lost");
    }

    @Test
    void aJobsService_isAReplicatedJobWithoutRestarts_hardened_limited_labelled_andConstrained() {
        ContainerSpec spec = ContainerSpec.of("job-1", "127.0.0.1:5000/gef/base@sha256:" + "a".repeat(64))
                .withCommand("sh", "-c", "true").withPlacement(List.of("node.labels.gef.data==archive-a"))
                .withMounts(List.of(Mount.readOnly(java.nio.file.Path.of("/srv/in"), "/data/in")));
        Map<String, Object> s = SwarmServices.serviceSpec(spec, "gef-x", 1, spec.placement());
        assertThat(s.get("Name")).isEqualTo("gef-job-1");
        assertThat(s.get("Mode")).isEqualTo(Map.of("ReplicatedJob", Map.of("MaxConcurrent", 1, "TotalCompletions", 1)));
        @SuppressWarnings("unchecked")
        var task = (Map<String, Object>) s.get("TaskTemplate");
        assertThat(task.get("RestartPolicy")).isEqualTo(Map.of("Condition", "none", "MaxAttempts", 0));
        assertThat(task.get("Placement")).isEqualTo(Map.of("Constraints", List.of("node.labels.gef.data==archive-a")));
        assertThat(task.get("Resources")).isEqualTo(Map.of("Limits", Map.of("NanoCPUs", 1_000_000_000L,
                "MemoryBytes", 512L * 1024 * 1024, "Pids", 256L)));
        @SuppressWarnings("unchecked")
        var c = (Map<String, Object>) task.get("ContainerSpec");
        assertThat(c.get("CapabilityDrop")).isEqualTo(List.of("ALL"));
        assertThat(c.get("ReadOnly")).isEqualTo(true);
        assertThat(c.get("User")).isEqualTo(ContainerSpec.DEFAULT_USER);
        assertThat(c.get("Args")).isEqualTo(List.of("sh", "-c", "true"));
        assertThat(c.get("Labels")).isEqualTo(Map.of("gef.job.id", "job-1", "gef.instance", "gef-x", "gef.attempt", "1"));
    }

    @Test
    void aPlacementConstraint_mustBeANodeConstraint() {
        var spec = ContainerSpec.of("job-1", "127.0.0.1:5000/gef/base@sha256:" + "a".repeat(64));
        assertThatThrownBy(() -> spec.withPlacement(List.of("engine.labels.x==y; rm -rf")))
                .hasMessageContaining("placement constraint");
    }
}
