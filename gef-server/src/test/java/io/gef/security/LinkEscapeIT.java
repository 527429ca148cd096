package io.gef.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Can a job make a volume or input path resolve outside its volume? Tried with real jobs on the real engine: links
 * a job writes into its output, a volume read while its writer still runs, a link inside a dataset.
 */
class LinkEscapeIT {
    @TempDir
    static Path data;
    static GefServer server;
    static String alice;
    static String input;

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeAll
    static void start() throws Exception {
        server = GefServer.withExample(data, Map.of(), "sh");
        input = server.volumeWithText(alice = server.newUser("alice"), "input.txt", "hello\n");
    }

    private Api.Response submit(Map<String, Object> in, String script) {
        return server.submitSh(alice, in, script);
    }

    private JsonNode run(Map<String, Object> in, String script) throws Exception {
        Api.Response r = submit(in, script);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return server.awaitJob(alice, r.json().path("id").asText());
    }

    private String log(JsonNode job) {
        return server.logOf(alice, job);
    }

    @Test
    void linksAJobWritesIntoItsOutput_areRemovedAtSealing_andCannotReachTheHostInTheNextJob() throws Exception {
        JsonNode writer = run(Map.of("volume", input), "ln -s /etc /data/out/etc && ln -s /etc/passwd"
                + " /data/out/passwd && ln -s ../../../.. /data/out/up && echo ok > /data/out/real.txt");
        assertThat(writer.path("state").asText()).as(writer.toString()).isEqualTo("COMPLETE");
        String out = writer.path("outputs").path(0).path("volumeId").asText();
        JsonNode vol = server.api.get("/api/volumes/" + out, alice).json();
        assertThat(vol.path("removedAtSeal").toString()).as("links removed when the output was sealed")
                .contains("etc", "passwd", "up");
        assertThat(server.api.get("/api/volumes/" + out + "/tree", alice).body()).contains("real.txt")
                .doesNotContain("passwd");

        Api.Response viaLink = submit(Map.of("volume", out, "path", "etc"), "cat /data/in/passwd");
        assertThat(viaLink.status()).as("the link's path is gone: " + viaLink.body()).isEqualTo(400);
        JsonNode reader = run(Map.of("volume", out), "ls -la /data/in; cat /data/in/passwd /data/in/etc/passwd"
                + " /data/in/up/etc/passwd 2>&1; true");
        assertThat(log(reader)).as("the host's /etc/passwd never shows").doesNotContain("root:x:0");
    }

    @Test
    void aVolumeAJobStillWrites_cannotBeSealedOrReadByAnotherJob_untilTheJobEnded() throws Exception {
        Api.Response r = submit(Map.of("volume", input), "echo started > /data/out/a.txt; sleep 60");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asText();
        String out = null;
        for (int i = 0; i < 600 && out == null; i++) {
            JsonNode j = server.api.get("/api/jobs/" + id, alice).json();
            if (j.path("state").asText().equals("RUNNING") && !j.path("outputs").path(0).path("volumeId")
                    .asText().isEmpty()) {
                out = j.path("outputs").path(0).path("volumeId").asText();
            }
            Thread.sleep(100);
        }
        assertThat(out).as("output volume of the running job").isNotNull();
        Api.Response seal = server.api.post("/api/volumes/" + out + "/seal", alice, "{}");
        assertThat(seal.status()).as(seal.body()).isEqualTo(409);
        assertThat(seal.json().path("error").asText()).isEqualTo("volume_being_written");
        Api.Response asInput = submit(Map.of("volume", out), "cat /data/in/a.txt");
        assertThat(asInput.status()).as(asInput.body()).isEqualTo(409);
        assertThat(asInput.json().path("error").asText()).isEqualTo("volume_being_written");

        server.api.post("/api/jobs/" + id + "/cancel", alice, "{}");
        server.awaitJob(alice, id);
        JsonNode after = run(Map.of("volume", out), "cat /data/in/a.txt");
        assertThat(log(after)).as("readable once its writer ended").contains("started");
    }

    @Test
    void aLinkInsideADatasetThatLeavesIt_isRefusedAsAMountSource() throws Exception {
        Path dir = Files.createDirectories(data.resolve("linked-dataset"));
        Files.writeString(Files.createDirectories(dir.resolve("real")).resolve("f.txt"), "inside\n");
        Files.createSymbolicLink(dir.resolve("escape"), Path.of("/etc"));
        Files.createSymbolicLink(dir.resolve("inner"), dir.resolve("real"));
        assertThat(server.api.post("/api/datasets", server.admin, Map.of("name", "linked", "engine", "local",
                "hostPath", dir.toString())).status()).isEqualTo(201);
        assertThat(server.api.post("/api/datasets/linked/grants", server.admin, Map.of("role", "user")).status())
                .isEqualTo(201);

        JsonNode escape = run(Map.of("dataset", "linked", "path", "escape"), "cat /data/in/passwd");
        assertThat(escape.path("state").asText()).as(escape.toString()).isEqualTo("EXECUTOR_ERROR");
        assertThat(escape.path("error").path("message").asText()).contains("leads outside");
        assertThat(log(escape)).as("no container ran").doesNotContain("root:x:0");

        JsonNode inner = run(Map.of("dataset", "linked", "path", "inner"), "cat /data/in/f.txt");
        assertThat(log(inner)).as("a link that stays inside is followed by GEF, not by the engine")
                .contains("inside");
    }
}
