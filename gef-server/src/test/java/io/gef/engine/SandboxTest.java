package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.config.GefConfig;
import io.gef.errors.GefException;
import io.gef.http.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxTest {

    @Test
    void defaults_areHardened() {
        Sandbox s = Sandbox.defaults();

        assertThat(s.networkMode()).as("network").isEqualTo("none");
        assertThat(s.readOnlyRootfs()).as("read-only rootfs").isTrue();
        assertThat(s.allowRoot()).as("root").isFalse();
        assertThat(s.memoryMb()).as("memory").isEqualTo(512);
        assertThat(s.cpus()).as("cpus").isEqualTo(1.0);
        assertThat(s.pidsLimit()).as("pids").isEqualTo(256);
        assertThat(s.tmpfsMb()).as("tmpfs").isEqualTo(64);
    }

    @Test
    void withResources_appliesGivenValues_andKeepsTheOthers() {
        Sandbox s = Sandbox.defaults().withResources(2.5, null, 60L);

        assertThat(s).as("resources").extracting(Sandbox::cpus, Sandbox::memoryMb, Sandbox::timeoutSeconds)
                .containsExactly(2.5, 512L, 60L);
        assertThat(s.networkMode()).as("isolation unchanged").isEqualTo("none");
    }

    @Test
    void withResources_outOfRange_isBadRequestNamingTheField() {
        assertThatThrownBy(() -> Sandbox.defaults().withResources(null, 1L, null)).as("memory below docker's minimum")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("memoryMb");
        assertThatThrownBy(() -> Sandbox.defaults().withResources(0.0, null, null)).as("zero cpus")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("cpus");
        assertThatThrownBy(() -> Sandbox.defaults().withResources(Double.NaN, null, null)).as("NaN cpus")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("cpus");
        assertThatThrownBy(() -> Sandbox.defaults().withResources(null, null, 0L)).as("zero timeout")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("timeoutSeconds");
    }

    @Test
    void withNetwork_hostOrAnotherContainersNamespace_isRefused() {
        assertThatThrownBy(() -> Sandbox.defaults().withNetwork("host")).as("host")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("networkMode");
        assertThatThrownBy(() -> Sandbox.defaults().withNetwork("container:abc")).as("container:")
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400));
        assertThat(Sandbox.defaults().withNetwork("bridge").networkMode()).as("a named network").isEqualTo("bridge");
    }

    @Test
    void json_roundTripsThroughTheStrictServerMapper() throws Exception {
        var mapper = Json.mapper();
        Sandbox s = Sandbox.defaults().withResources(0.5, 128L, 30L).withNetwork("bridge");

        String json = mapper.writeValueAsString(s);
        Sandbox back = mapper.readValue(json, Sandbox.class);

        assertThat(back).as("from %s", json).isEqualTo(s);
        assertThat(mapper.readTree(json).fieldNames()).as("plain fields only").toIterable()
                .containsExactlyInAnyOrder("networkMode", "readOnlyRootfs", "tmpfsMb", "allowRoot", "pidsLimit",
                        "memoryMb", "cpus", "nofile", "nproc", "timeoutSeconds", "logMaxMb");
    }

    @Test
    void fromConfig_readsTheOperatorsDefaults() {
        var config = GefConfig.of(Map.of("gef.sandbox.memory-mb", "256", "gef.sandbox.cpus", "0.5",
                "gef.sandbox.timeout-seconds", "120", "gef.sandbox.pids-limit", "64", "gef.sandbox.tmpfs-mb", "16"));

        Sandbox s = Sandbox.fromConfig(config);

        assertThat(s).extracting(Sandbox::memoryMb, Sandbox::cpus, Sandbox::timeoutSeconds, Sandbox::pidsLimit,
                Sandbox::tmpfsMb).containsExactly(256L, 0.5, 120L, 64L, 16);
        assertThat(s.networkMode()).as("still no network").isEqualTo("none");
    }
}
