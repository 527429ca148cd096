package io.gef.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, acceptance 1, in real headless Chromium: a job on a dataset of the second engine (scripts/engine2, whose
 * host the server cannot see) keeps its outputs there, and a user lists, previews, downloads and zips them from the
 * job page and the volume page as for a local volume. The bytes the browser saved are the job's.
 */
class RemoteVolumeGuiIT {
    static final String DIR = System.getenv("GEF_TEST_ENGINE2_DIR");
    static final String ADDR = System.getenv().getOrDefault("GEF_TEST_ENGINE2_ADDR", "127.0.0.2:23760");

    @Test
    void outputsKeptOnEngine2_areListedPreviewedDownloadedAndZippedInTheBrowser(@TempDir Path data) throws Exception {
        assumeTrue(DIR != null, "GEF_TEST_ENGINE2_DIR is not set: start scripts/engine2 (./gef test does)");
        String name = "gui" + ThreadLocalRandom.current().nextInt(1_000_000);
        String hostPath = DIR + "/host/datasets/" + name;
        engine2("exec", "sh", "-c", "mkdir -p " + hostPath + " && echo held on engine two > " + hostPath + "/in.txt");
        try (GefServer server = new GefServer(data, Map.of("gef.engines", "engine2",
                "gef.engines.engine2.endpoint", "tcp://" + ADDR, "gef.engines.engine2.tls-dir", DIR + "/tls",
                "gef.engines.engine2.max-concurrent-jobs", "2"))) {
            server.publishExample("sh");
            String base = "http://127.0.0.1:" + server.gef.port();
            registerInTheBrowser(base, server.admin, name, hostPath);
            JsonNode ds = server.api.get("/api/datasets", server.admin).json().get(0);
            assertThat(ds.path("engine").asText()).as(ds.toString()).isEqualTo("engine2");
            assertThat(ds.path("nodeLabels").path("gef.data").asText()).isEqualTo("archive-b");
            Api.Response grant = server.api.post("/api/datasets/" + name + "/grants", server.admin,
                    Map.of("role", "user"));
            assertThat(grant.status()).as(grant.body()).isLessThan(300);
            String ann = server.newUser("ann");
            Api.Response r = server.api.post("/api/jobs", ann, Map.of("service", "sh", "inputs",
                    Map.of("in", Map.of("dataset", name)), "parameters", Map.of("script",
                            "tr a-z A-Z < /data/in/in.txt > /data/out/upper.txt; mkdir /data/out/sub;"
                                    + " seq 1 500 > /data/out/sub/numbers.txt")));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().path("id").asText();
            JsonNode job = awaitEnd(server, ann, id);
            assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("COMPLETE");
            assertThat(job.path("engine").asText()).isEqualTo("engine2");
            String vol = job.path("outputs").get(0).path("volumeId").asText();
            assertThat(server.api.get("/api/volumes/" + vol, ann).json().path("engine").asText())
                    .as("the outputs stay on engine 2").isEqualTo("engine2");
            byte[] upper = server.api.getBytes("/api/volumes/" + vol + "/files/upper.txt", ann);
            assertThat(new String(upper, StandardCharsets.UTF_8)).isEqualTo("HELD ON ENGINE TWO\n");

            try (Browser b = Browser.start()) {
                b.signIn(base, ann);
                b.open(base + "/#/jobs/" + id);
                b.waitFor("#job-state", "COMPLETE");
                b.waitFor("#outputs tr[data-path='upper.txt']");
                assertThat(b.pageText()).as("where it ran, and why").contains("engine2")
                        .contains("dequeued — on engine engine2, ");
                b.waitFor("#outputs button.preview-btn[data-path='upper.txt']").click();
                b.waitFor("#outputs .preview-area", "HELD ON ENGINE TWO");
                b.screenshot("remote-volume-job-outputs");
                Files.deleteIfExists(b.downloads().resolve("upper.txt"));
                b.waitFor("#outputs button.download[data-path='upper.txt']").click();
                assertThat(Files.readAllBytes(b.awaitDownload("upper.txt"))).as("the browser's download")
                        .isEqualTo(upper);

                b.open(base + "/#/volumes/" + vol);
                b.waitFor("tr[data-path='sub'] button.link").click();
                b.waitFor("tr[data-path='sub/numbers.txt']");
                b.screenshot("remote-volume-folder");
                b.waitFor(".files nav.crumbs button.link").click(); // back to the volume's root
                b.waitFor("tr[data-path='upper.txt']");
                List<Path> before = zips(b.downloads());
                b.waitFor("button.download-zip", "Download all as zip").click();
                Path zip = awaitNewZip(b, before);
                Map<String, String> entries = GuiFlowIT.zipEntries(zip);
                assertThat(entries).as("the zip the browser saved").containsOnlyKeys("upper.txt", "sub/numbers.txt");
                assertThat(entries.get("upper.txt")).isEqualTo("HELD ON ENGINE TWO\n");
                assertThat(entries.get("sub/numbers.txt").lines().count()).isEqualTo(500);
                assertThat(b.consoleErrors()).as("no errors in the console but the favicon's")
                        .filteredOn(m -> !m.contains("favicon")).isEmpty();
            }
        }
    }

    /** An admin registers the dataset on the admin page; a label without '=' is refused first, sending nothing. */
    private static void registerInTheBrowser(String base, String admin, String name, String hostPath) {
        try (Browser b = Browser.start()) {
            b.signIn(base, admin);
            b.open(base + "/#/admin");
            b.waitFor("#ds-name").sendKeys(name);
            b.waitFor("#ds-engine").clear();
            b.waitFor("#ds-engine").sendKeys("engine2");
            b.waitFor("#ds-path").sendKeys(hostPath);
            b.waitFor("#ds-labels").sendKeys("gef.data");
            b.waitFor("#dataset-form button[type=submit]").click();
            b.waitFor("#datasets .error", "is not name=value");
            assertThat(b.pageText()).as("nothing registered").contains("No dataset is registered yet.");
            b.waitFor("#ds-labels").sendKeys("=archive-b");
            b.waitFor("#dataset-form button[type=submit]").click();
            b.waitFor("#datasets td", "gef.data=archive-b");
            b.screenshot("admin-dataset-node-labels");
        }
    }

    private static JsonNode awaitEnd(GefServer server, String token, String id) throws InterruptedException {
        JsonNode j = null;
        for (int i = 0; i < 1800; i++) {
            j = server.api.get("/api/jobs/" + id, token).json();
            if (j.path("endedAt").isTextual()) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not end within 3 min: " + j);
    }

    private static List<Path> zips(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".zip")).toList();
        }
    }

    private static Path awaitNewZip(Browser b, List<Path> before) throws Exception {
        for (int i = 0; i < 600; i++) {
            List<Path> now = new ArrayList<>(zips(b.downloads()));
            now.removeAll(before);
            if (!now.isEmpty()) {
                Thread.sleep(300); // a finished download is renamed from .crdownload: the name means complete
                return now.getFirst();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no zip was downloaded");
    }


    private static void engine2(String action, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(GefServer.REPO.resolve("scripts/engine2").toString(), action, DIR));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("scripts/engine2 %s: %s", action, out).isZero();
    }
}
