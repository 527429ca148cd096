package io.gef.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.config.GefConfig;
import io.gef.server.Gef;
import io.gef.testing.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy endpoints of the real server, with the default policy and the real registry. */
class PolicyApiIT {
    @TempDir
    Path data;

    @Test
    void activePolicy_andDryRuns_nameTheFailedRules() throws Exception {
        try (Gef gef = new Gef(GefConfig.of(Map.of("gef.data.dir", data.toString(), "gef.http.host", "127.0.0.1",
                "gef.http.port", "0"))).start()) {
            Api api = new Api(gef.port());
            String t = Files.readString(data.resolve("admin.token")).trim();

            Api.Response active = api.get("/api/policy", t);
            assertThat(active.status()).isEqualTo(200);
            assertThat(active.json().path("digest").asText()).startsWith("sha256:");
            assertThat(active.json().path("source").asText()).contains("trusted-registries");

            Api.Response evil = api.post("/api/policy/evaluate", t, Map.of("image", "evil.io/gef/x:1"));
            assertThat(evil.status()).isEqualTo(200);
            assertThat(evil.json().path("allowed").asBoolean()).isFalse();
            assertThat(evil.json().path("results").toString()).contains("\"rule\":\"trusted\"");

            Api.Response latest = api.post("/api/policy/evaluate", t,
                    Map.of("image", "127.0.0.1:5000/gef/base:latest", "memoryMb", 99999));
            assertThat(latest.json().path("allowed").asBoolean()).isFalse();
            assertThat(latest.body()).contains("no-latest").contains("ceilings");

            assertThat(api.post("/api/policy/evaluate", t, Map.of()).status()).isEqualTo(400);
            assertThat(api.get("/api/policy", null).status()).isEqualTo(401);
        }
    }
}
