package io.gef.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.config.GefConfig;
import io.gef.server.Gef;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health against the real engine and registry, through the real server on a real socket. */
class HealthIT {
    @TempDir
    Path data;

    @Test
    void health_withEngineAndRegistryUp_is200Ok() throws Exception {
        try (Gef gef = start(System.getProperty("gef.registry", "127.0.0.1:5000"))) {
            HttpResponse<String> r = get(gef, "/api/health");
            JsonNode body = Json.mapper().readTree(r.body());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(body.path("status").asText()).isEqualTo("ok");
            assertThat(body.path("engines").get(0).path("reachable").asBoolean()).isTrue();
            assertThat(body.path("engines").get(0).path("version").asText()).isNotBlank();
            assertThat(body.path("registry").path("reachable").asBoolean()).isTrue();
        }
    }

    @Test
    void health_withRegistryDown_is503DegradedNamingTheRegistry() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (Gef gef = start("127.0.0.1:" + deadPort)) {
            HttpResponse<String> r = get(gef, "/api/health");
            JsonNode body = Json.mapper().readTree(r.body());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(body.path("status").asText()).isEqualTo("degraded");
            assertThat(body.path("registry").path("reachable").asBoolean()).as("registry marked").isFalse();
            assertThat(body.path("engines").get(0).path("reachable").asBoolean()).as("engine still up").isTrue();
        }
    }

    @Test
    void unknownPath_is404WithJsonError() throws Exception {
        try (Gef gef = start(System.getProperty("gef.registry", "127.0.0.1:5000"))) {
            HttpResponse<String> r = get(gef, "/no-such-page");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(Json.mapper().readTree(r.body()).path("error").asText()).isNotBlank();
        }
    }

    private Gef start(String registry) {
        return new Gef(GefConfig.of(Map.of(
                "gef.data.dir", data.toString(),
                "gef.http.host", "127.0.0.1",
                "gef.http.port", "0",
                "gef.registry.url", "http://" + registry))).start();
    }

    private static HttpResponse<String> get(Gef gef, String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gef.port() + path)).build();
        try (HttpClient c = HttpClient.newHttpClient()) {
            return c.send(req, HttpResponse.BodyHandlers.ofString());
        }
    }
}
