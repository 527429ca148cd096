package io.gef.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 of #21: a running server is backed up, its data directory wiped, the backup restored onto the fresh
 * directory, and every job, volume (bytes included), service, provenance statement (its signature still verifies)
 * and token works again.
 */
class BackupRestoreIT {
    @TempDir
    Path root;

    @Test
    void backupWhileRunning_wipe_restore_findsEverythingWorking() throws Exception {
        Path data = root.resolve("data");
        Path backupDir = root.resolve("backup");
        String namespace;
        String job;
        String volume;
        String bob;
        String admin;
        String envelope;
        String output;
        try (GefServer server = new GefServer(data)) {
            namespace = server.namespace;
            admin = server.admin;
            server.publishExample("wordcount");
            Path in = Files.createDirectories(root.resolve("in"));
            Files.writeString(in.resolve("input.txt"), "back up\nthen restore\n");
            volume = server.volumeWith(admin, in);
            bob = server.newUser("bob");
            Api.Response r = server.api.post("/api/jobs", admin, Map.of("service", "wordcount",
                    "inputs", Map.of("text", Map.of("volume", volume))));
            job = r.json().path("id").asText();
            JsonNode ended = server.awaitJob(admin, job);
            assertThat(ended.path("state").asText()).isEqualTo("COMPLETE");
            envelope = server.provenance(admin, job).toString();
            output = ended.path("outputs").get(0).path("volumeId").asText();
            assertThat(server.api.post("/api/admin/backup", bob, "").status()).as("users may not").isEqualTo(403);

            Path tar = BackupCommand.fetch("http://127.0.0.1:" + server.gef.port(), admin, true, backupDir);
            assertThat(Files.size(tar)).isPositive();
        }
        wipe(data);
        assertThat(data).doesNotExist();

        Restore.Report report = Restore.run(backupDir.resolve(BackupCommand.FILE), data, Optional.empty());
        assertThat(report.files()).isPositive();
        assertThatThrownBy(() -> Restore.run(backupDir.resolve(BackupCommand.FILE), data, Optional.empty()))
                .as("never over an existing database").hasMessageContaining("fresh data directory");

        try (GefServer restored = new GefServer(data, Map.of(), namespace)) {
            Api api = restored.api;
            assertThat(restored.admin).as("the admin token file came back").isEqualTo(admin);
            assertThat(api.get("/api/me", admin).status()).as("admin token works").isEqualTo(200);
            assertThat(api.get("/api/me", bob).json().path("name").asText()).as("bob's token works")
                    .isEqualTo("bob");
            JsonNode j = api.get("/api/jobs/" + job, admin).json();
            assertThat(j.path("state").asText()).as("the job").isEqualTo("COMPLETE");
            assertThat(api.get("/api/jobs/" + job + "/logs", admin).json().path("lines")).as("its log")
                    .isNotEmpty();
            assertThat(new String(restored.download(admin, volume, "input.txt"), StandardCharsets.UTF_8))
                    .as("the input volume's bytes").isEqualTo("back up\nthen restore\n");
            assertThat(api.get("/api/volumes/" + output + "/tree", admin).json()).as("the output volume")
                    .isNotEmpty();
            assertThat(api.get("/api/services/wordcount", admin).status()).as("the service").isEqualTo(200);
            JsonNode statement = api.get("/api/jobs/" + job + "/provenance", admin).json();
            assertThat(statement.toString()).as("the same signed statement").isEqualTo(envelope);
            JsonNode verdict = api.post("/api/provenance/verify", admin, envelope).json();
            assertThat(verdict.path("signatureValid").asBoolean()).as("its signature verifies: " + verdict)
                    .isTrue();
            assertThat(verdict.path("subjectsMatch").asBoolean()).as("the restored outputs are its subjects: "
                    + verdict).isTrue();
            Api.Response again = api.post("/api/jobs", bob, Map.of("service", "wordcount", "inputs",
                    Map.of("text", Map.of("content", "new work\n"))));
            assertThat(again.status()).as("a new job after the restore: " + again.body()).isEqualTo(201);
            assertThat(restored.awaitJob(bob, again.json().path("id").asText()).path("state").asText())
                    .isEqualTo("COMPLETE");
        }
    }

    private static void wipe(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
