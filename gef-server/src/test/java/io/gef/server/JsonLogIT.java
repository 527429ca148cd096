package io.gef.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gef.testing.Api;
import io.gef.testing.ServerProcess;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #21 logs: the real server jar writes one JSON object per line; each request has an access-log line carrying its
 * request id, user and route, the same id the client gets in {@code X-Request-Id} and in the error body.
 */
class JsonLogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void everyLogLine_isJson_andTheAccessLogCarriesTheRequestIdTheClientSaw() throws Exception {
        try (ServerProcess server = new ServerProcess(dir.resolve("gef"), Map.of())) {
            server.start();
            String admin = server.adminToken();
            Api.Response missing = server.api.send(server.api.builder("/api/jobs/job-nope", admin)
                    .header("X-Request-Id", "probe-21").GET());
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.header("X-Request-Id")).isEqualTo("probe-21");
            assertThat(missing.json().path("requestId").asText()).isEqualTo("probe-21");
            Api.Response fresh = server.api.get("/api/me", admin);
            assertThat(fresh.header("X-Request-Id")).as("an id made up when none was sent").isNotBlank();
            HttpRequest.Builder forged = server.api.builder("/api/me", admin).header("X-Request-Id", "bad id\" {");
            assertThat(server.api.send(forged.GET()).header("X-Request-Id")).as("an unsafe id is replaced")
                    .doesNotContain(" ");

            JsonNode access = null;
            List<JsonNode> lines = new ArrayList<>();
            for (int i = 0; i < 50 && access == null; i++) {
                lines.clear();
                for (String line : Files.readAllLines(server.data().resolve("server.log"))) {
                    if (line.startsWith("{")) {
                        lines.add(JSON.readTree(line));
                    }
                }
                access = lines.stream().filter(l -> "gef.access".equals(l.path("loggerName").asText())
                        && "probe-21".equals(l.path("mdc").path("requestId").asText())).findFirst().orElse(null);
                Thread.sleep(100);
            }
            assertThat(access).as("an access-log line for the request").isNotNull();
            assertThat(access.path("timestamp").asLong()).isPositive();
            assertThat(access.path("level").asText()).isEqualTo("INFO");
            assertThat(access.path("mdc").path("status").asText()).isEqualTo("404");
            assertThat(access.path("mdc").path("route").asText()).isEqualTo("/api/jobs/{id}");
            assertThat(access.path("mdc").path("jobId").asText()).isEqualTo("job-nope");
            assertThat(access.path("mdc").path("userId").asText()).startsWith("usr-");
            List<String> notJson = Files.readAllLines(server.data().resolve("server.log")).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("{")).toList();
            assertThat(notJson).as("lines of the log that are not JSON").isEmpty();
        }
    }
}
