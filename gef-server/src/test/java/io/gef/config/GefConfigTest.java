package io.gef.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GefConfigTest {
    @TempDir
    Path dir;

    @Test
    void load_withoutFileOrEnv_usesEmbeddedDefaults() {
        GefConfig c = GefConfig.load(Optional.empty(), Map.of());
        assertThat(c.getInt("gef.http.port")).as("default port").isEqualTo(8080);
        assertThat(c.get("gef.registry.url")).isEqualTo("http://127.0.0.1:5000");
        assertThat(c.get("gef.http.host")).as("only this machine, unless told otherwise").isEqualTo("127.0.0.1");
        assertThat(c.get("gef.fetch.http-hosts")).as("URL inputs: https only").isEmpty();
        assertThat(c.get("gef.fetch.allow-networks")).as("URL inputs: no internal address").isEmpty();
    }

    @Test
    void load_envOverridesFileAndFileOverridesDefaults() throws Exception {
        Path f = dir.resolve("gef.properties");
        Files.writeString(f, "gef.http.port=9000\ngef.engine.name=fromfile\n");
        GefConfig c = GefConfig.load(Optional.of(f), Map.of("GEF_HTTP_PORT", "9100"));
        assertThat(c.getInt("gef.http.port")).as("env wins over file").isEqualTo(9100);
        assertThat(c.get("gef.engine.name")).as("file wins over default").isEqualTo("fromfile");
    }

    @Test
    void load_withUnknownKeyInFile_failsNamingTheKey() throws Exception {
        Path f = dir.resolve("gef.properties");
        Files.writeString(f, "gef.http.prot=9000\n");
        assertThatThrownBy(() -> GefConfig.load(Optional.of(f), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.http.prot");
    }

    @Test
    void getInt_withNonNumber_failsNamingTheKey() {
        GefConfig c = GefConfig.load(Optional.empty(), Map.of("GEF_HTTP_PORT", "eighty"));
        assertThatThrownBy(() -> c.getInt("gef.http.port"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gef.http.port");
    }

    @Test
    void envName_mapsDotsAndDashesToUnderscores() {
        assertThat(GefConfig.envName("gef.http.max-body-bytes")).isEqualTo("GEF_HTTP_MAX_BODY_BYTES");
    }
}
