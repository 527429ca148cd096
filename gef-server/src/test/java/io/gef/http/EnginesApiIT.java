package io.gef.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/engines} against the real engine, through the real server on a real socket. */
class EnginesApiIT {
    @TempDir
    static Path data;
    static GefServer server;

    @BeforeAll
    static void start() {
        server = new GefServer(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void engines_forAnAdmin_listTheLocalEngineReachableWithItsVersionAndCapacity() {
        Api.Response r = server.api.get("/api/engines", server.admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("engines")).hasSize(1);
        JsonNode e = r.json().path("engines").get(0);
        assertThat(e.path("id").asText()).isEqualTo("local");
        assertThat(e.path("endpoint").asText()).as("the docker host").isNotBlank();
        assertThat(e.path("reachable").asBoolean()).isTrue();
        assertThat(e.path("version").asText()).isNotBlank();
        assertThat(e.path("apiVersion").asText()).isNotBlank();
        assertThat(e.path("os").asText()).isEqualTo("linux");
        assertThat(e.path("arch").asText()).isNotBlank();
        assertThat(e.path("cpus").asInt()).isPositive();
        assertThat(e.path("memoryBytes").asLong()).isPositive();
        assertThat(e.path("runningJobs").asInt()).as("nothing submitted").isZero();
        assertThat(e.path("containers").isInt()).as(e.toString()).isTrue();
        assertThat(e.path("usernsRemap").isBoolean()).as("whether root images can run remapped").isTrue();
    }

    @Test
    void engines_forAPlainUser_is403RoleRequired() {
        String user = server.newUser("plain");
        Api.Response r = server.api.get("/api/engines", user);
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.json().path("error").asText()).isEqualTo("role_required");
        assertThat(r.json().path("message").asText()).contains("admin");
        assertThat(server.api.get("/api/engines", null).status()).as("no token").isEqualTo(401);
    }
}
