package io.gef.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.config.GefConfig;
import io.gef.server.Gef;
import io.gef.testing.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitIT {
    @TempDir
    Path data;

    @Test
    void failedAuthentications_andTokenCreation_areRateLimitedWith429() throws Exception {
        try (Gef gef = new Gef(GefConfig.of(Map.of("gef.data.dir", data.toString(), "gef.http.host", "127.0.0.1",
                "gef.http.port", "0", "gef.auth.failed-per-minute", "3", "gef.auth.tokens-per-minute", "2")))
                .start()) {
            Api api = new Api(gef.port());
            String admin = Files.readString(data.resolve("admin.token")).trim();
            for (int i = 0; i < 3; i++) {
                assertThat(api.get("/api/me", "Bearer wrong").status()).isEqualTo(401);
            }
            Api.Response limited = api.get("/api/me", "Bearer wrong");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().path("message").asText()).contains("try again");

            // a valid token from the same address is still refused while the limit holds: no guessing at speed
            assertThat(api.get("/api/me", admin).status()).isEqualTo(429);
        }
        try (Gef gef = new Gef(GefConfig.of(Map.of("gef.data.dir", data.toString(), "gef.http.host", "127.0.0.1",
                "gef.http.port", "0", "gef.auth.tokens-per-minute", "2"))).start()) {
            Api api = new Api(gef.port());
            String admin = Files.readString(data.resolve("admin.token")).trim();
            assertThat(api.post("/api/tokens", admin, Map.of("name", "a")).status()).isEqualTo(201);
            assertThat(api.post("/api/tokens", admin, Map.of("name", "b")).status()).isEqualTo(201);
            assertThat(api.post("/api/tokens", admin, Map.of("name", "c")).status()).isEqualTo(429);
        }
    }
}
