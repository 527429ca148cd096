package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.config.ConfigException;
import io.gef.config.GefConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineSettingsTest {
    @TempDir
    Path dir;

    @Test
    void noEnginesConfigured_leavesTheLocalEngineAlone_withTheJobsConcurrencyAsCapacity() {
        var all = EngineSettings.fromConfig(GefConfig.of(Map.of()));
        assertThat(all).hasSize(1);
        assertThat(all.getFirst().name()).isEqualTo("local");
        assertThat(all.getFirst().endpoint()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(all.getFirst().maxConcurrentJobs()).isEqualTo(4);
        assertThat(all.getFirst().sharesServerFiles()).isTrue();
    }

    @Test
    void aTlsEngine_withItsCertificates_labelsAndCapacity_isReadFromAFile() throws Exception {
        Path tls = certs();
        Path f = dir.resolve("gef.properties");
        Files.writeString(f, "gef.engines=store2\ngef.engines.store2.endpoint=tcp://127.0.0.2:23760\n"
                + "gef.engines.store2.tls-dir=" + tls + "\ngef.engines.store2.labels=site=b, disk=ssd\n"
                + "gef.engines.store2.max-concurrent-jobs=2\n");
        var all = EngineSettings.fromConfig(GefConfig.load(Optional.of(f), Map.of()));
        assertThat(all).extracting(EngineSettings::name).containsExactly("local", "store2");
        EngineSettings e = all.get(1);
        assertThat(e.tlsDir()).contains(tls);
        assertThat(e.labels()).containsEntry("site", "b").containsEntry("disk", "ssd");
        assertThat(e.maxConcurrentJobs()).isEqualTo(2);
        assertThat(e.sharesServerFiles()).as("a remote host does not see the server's files").isFalse();
    }

    @Test
    void anEnginesEndpoint_canComeFromTheEnvironment() {
        var c = GefConfig.load(Optional.empty(), Map.of("GEF_ENGINES", "b", "GEF_ENGINES_B_ENDPOINT",
                "unix:///tmp/b.sock"));
        assertThat(EngineSettings.fromConfig(c).get(1).endpoint()).isEqualTo("unix:///tmp/b.sock");
    }

    @Test
    void anUnknownScheme_stopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> EngineSettings.fromConfig(GefConfig.of(Map.of("gef.engines", "b",
                "gef.engines.b.endpoint", "http://127.0.0.2:2375"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines.b.endpoint")
                .hasMessageContaining("unknown scheme 'http'");
    }

    @Test
    void aMissingCertificate_stopsStartUpNamingTheKeyAndTheFile() throws Exception {
        Path tls = certs();
        Files.delete(tls.resolve("key.pem"));
        assertThatThrownBy(() -> EngineSettings.fromConfig(GefConfig.of(Map.of("gef.engines", "b",
                "gef.engines.b.endpoint", "tcp://127.0.0.2:23760", "gef.engines.b.tls-dir", tls.toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines.b.tls-dir")
                .hasMessageContaining("key.pem");
    }

    @Test
    void aTcpEngineWithoutCertificates_stopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> EngineSettings.fromConfig(GefConfig.of(Map.of("gef.engines", "b",
                "gef.engines.b.endpoint", "tcp://127.0.0.2:23760"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines.b.tls-dir");
    }

    @Test
    void aDuplicateName_stopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> EngineSettings.fromConfig(GefConfig.of(Map.of("gef.engines", "b, local",
                "gef.engines.b.endpoint", "unix:///tmp/b.sock"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines")
                .hasMessageContaining("'local' is used twice");
    }

    @Test
    void anEngineWithoutEndpoint_orWithABadCapacity_stopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> EngineSettings.fromConfig(GefConfig.of(Map.of("gef.engines", "b"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines.b.endpoint");
        assertThatThrownBy(() -> EngineSettings.fromConfig(GefConfig.of(Map.of("gef.engines", "b",
                "gef.engines.b.endpoint", "unix:///tmp/b.sock", "gef.engines.b.max-concurrent-jobs", "many"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines.b.max-concurrent-jobs");
    }

    @Test
    void anUnknownKeyOfAnEngine_isRefusedNamingIt() throws Exception {
        Path f = dir.resolve("gef.properties");
        Files.writeString(f, "gef.engines=b\ngef.engines.b.endpont=unix:///tmp/b.sock\n");
        assertThatThrownBy(() -> GefConfig.load(Optional.of(f), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.engines.b.endpont");
    }

    private Path certs() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        for (String name : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
            Files.writeString(tls.resolve(name), "x");
        }
        return tls;
    }
}
