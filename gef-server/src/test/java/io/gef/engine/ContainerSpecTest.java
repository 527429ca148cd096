package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.errors.GefException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {
    private static final String IMAGE = "127.0.0.1:5000/gef/base@sha256:" + "a".repeat(64);

    @Test
    void of_givesDefaultUserAndSandbox() {
        var spec = ContainerSpec.of("job-1", IMAGE);

        assertThat(spec.user()).as("user").isEqualTo("1000:1000");
        assertThat(spec.sandbox()).as("sandbox").isEqualTo(Sandbox.defaults());
        assertThat(spec.command()).as("image default command").isEmpty();
    }

    @Test
    void image_notPinnedByDigest_isRefused() {
        assertThatThrownBy(() -> ContainerSpec.of("job-1", "127.0.0.1:5000/gef/base:1")).as("tag only")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("pinned");
        assertThatThrownBy(() -> ContainerSpec.of("job-1", "127.0.0.1:5000/gef/base:1@sha256:" + "a".repeat(64)))
                .as("tag and digest")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("pinned");
        assertThatThrownBy(() -> ContainerSpec.of("job-1", "gef/base@sha256:" + "a".repeat(64))).as("no host")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("pinned");
        assertThatThrownBy(() -> ContainerSpec.of("job-1", "127.0.0.1:5000/gef/base@sha256:abc")).as("short digest")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("image");
    }

    @Test
    void root_isRefused_unlessTheSandboxAllowsIt() {
        var spec = ContainerSpec.of("job-1", IMAGE);

        assertThatThrownBy(() -> spec.withUser("0:0")).as("uid 0")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("root");
        assertThatThrownBy(() -> spec.withUser("root")).as("by name")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("numeric");
        assertThat(spec.withSandbox(Sandbox.defaults().withRootAllowed()).withUser("0:0").user())
                .as("allowed by policy").isEqualTo("0:0");
    }

    @Test
    void labels_getJobAndInstance_andReservedKeysAreRefused() {
        var spec = ContainerSpec.of("job-1", IMAGE).withLabels(Map.of("team", "x"));

        assertThat(spec.containerLabels("gef-abc")).as("container labels")
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "x", "gef.job.id", "job-1", "gef.instance", "gef-abc"));
        assertThatThrownBy(() -> spec.withLabels(Map.of("gef.instance", "other"))).as("reserved")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("gef.instance");
    }

    @Test
    void mounts_badPathsAndClashes_areRefused() {
        var spec = ContainerSpec.of("job-1", IMAGE);

        assertThatThrownBy(() -> new Mount("relative/dir", "/in", true)).as("relative host path")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("hostPath");
        assertThatThrownBy(() -> new Mount("/data/../etc", "/in", true)).as("unnormalized host path")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageNotContaining("etc");
        assertThatThrownBy(() -> new Mount("/data", "/", true)).as("over the root")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("containerPath");
        assertThatThrownBy(() -> spec.withMounts(List.of(Mount.readOnly(Path.of("/a"), "/in"),
                Mount.readWrite(Path.of("/b"), "/in")))).as("same target twice")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400));
        assertThatThrownBy(() -> spec.withMounts(List.of(Mount.readWrite(Path.of("/a"), "/tmp")))).as("over /tmp")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("/tmp");
    }

    @Test
    void json_roundTripsThroughTheStrictServerMapper() throws Exception {
        var mapper = io.gef.http.Json.mapper();
        var spec = ContainerSpec.of("job-1", IMAGE).withCommand("sh", "-c", "true").withEnv(Map.of("A", "1"))
                .withMounts(List.of(Mount.readOnly(Path.of("/data/in"), "/in"))).withLabels(Map.of("team", "x"));

        String json = mapper.writeValueAsString(spec);

        assertThat(mapper.readValue(json, ContainerSpec.class)).as("from %s", json).isEqualTo(spec);
    }

    @Test
    void jobIdAndEnv_areValidated() {
        assertThatThrownBy(() -> ContainerSpec.of("../x", IMAGE)).as("job id")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("jobId");
        assertThatThrownBy(() -> ContainerSpec.of("job-1", IMAGE).withEnv(Map.of("A=B", "c"))).as("env name")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("env");
    }
}
