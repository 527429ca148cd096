package io.gef.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing builds are sandboxed like jobs, on the real engine: RUN steps have no network and one CPU here, a step
 * over its memory is killed, a build over its time is cancelled, a context over its size is refused while it
 * streams; each failure names the limit (its configuration key).
 */
class BuildSandboxIT {
    private static final String FROM = "FROM " + GefServer.REGISTRY + "/gef/base:1\n";
    @TempDir
    static Path data;
    static GefServer server;

    @BeforeAll
    static void start() {
        server = new GefServer(data.resolve("gef"), Map.of("gef.build.memory-mb", "32", "gef.build.cpus", "1",
                "gef.build.timeout-seconds", "15", "gef.build.max-context-bytes", "65536"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void runSteps_haveNoNetworkAndOneCpu_andTheBuildPublishes() throws Exception {
        String nonce = UUID.randomUUID().toString();
        JsonNode b = server.publish(context("probe", FROM + "RUN echo \"" + nonce + " nets=$(ls /sys/class/net | tr"
                + " '\\n' ' ')cpus=$(nproc)\"\n" + labels("probe")));
        assertThat(b.path("state").asText()).as(b.toString()).isEqualTo("SUCCEEDED");
        String log = server.api.get("/api/services/builds/" + b.path("id").asText() + "/log", server.admin).body();
        assertThat(log).as("only loopback, one CPU").contains(nonce + " nets=lo cpus=1");
    }

    @Test
    void aStepThatNeedsTheNetwork_failsNamingTheNetworkLimit() throws Exception {
        JsonNode b = server.publish(context("net", FROM + "RUN test \"$(ls /sys/class/net)\" != lo # "
                + UUID.randomUUID() + "\n" + labels("net")));
        assertThat(b.path("state").asText()).isEqualTo("FAILED");
        assertThat(b.path("error").asText()).contains("gef.build.network=none");
    }

    @Test
    void aStepOverItsMemory_isKilled_andTheBuildFailsNamingTheMemoryLimit() throws Exception {
        JsonNode b = server.publish(context("mem", FROM + "RUN dd if=/dev/zero of=/dev/null bs=96M count=1 # "
                + UUID.randomUUID() + "\n" + labels("mem")));
        assertThat(b.path("state").asText()).isEqualTo("FAILED");
        assertThat(b.path("error").asText()).contains("137", "gef.build.memory-mb=32");
    }

    @Test
    void aBuildOverItsTime_isCancelled_andFailsNamingTheTimeLimit() throws Exception {
        JsonNode b = server.publish(context("slow", FROM + "RUN sleep 120 # " + UUID.randomUUID() + "\n"
                + labels("slow")));
        assertThat(b.path("state").asText()).isEqualTo("FAILED");
        assertThat(b.path("error").asText()).contains("gef.build.timeout-seconds=15", "cancelled");
    }

    @Test
    void aContextOverItsSize_is413NamingTheLimit_andNoBuildIsStored() throws Exception {
        Path dir = Files.createDirectories(data.resolve("big"));
        Files.writeString(dir.resolve("Dockerfile"), FROM + labels("big"));
        Files.write(dir.resolve("blob"), new byte[100_000]);
        int before = builds();
        Api.Response r = server.api.send(server.api.builder("/api/services/builds", server.admin)
                .header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofByteArray(GefServer.context(dir))));
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.json().path("error").asText()).isEqualTo("context_too_large");
        assertThat(r.json().path("message").asText()).contains("65536", "gef.build.max-context-bytes");
        assertThat(builds()).as("nothing stored").isEqualTo(before);
        try (var files = Files.list(data.resolve("gef/builds"))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no context or partial file left").isEmpty();
        }
    }

    /** Build submissions in the audit log: one per stored build. */
    private static int builds() {
        return server.api.get("/api/audit?limit=500", server.admin).body().split("service.build-submitted", -1)
                .length - 1;
    }

    private static String labels(String name) {
        return "LABEL eudat.gef.service.name=\"" + name + "\" eudat.gef.service.version=\"1.0\"\n";
    }

    private static byte[] context(String name, String dockerfile) throws Exception {
        Path dir = Files.createDirectories(data.resolve("ctx-" + name));
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        return GefServer.context(dir);
    }
}
