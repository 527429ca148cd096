package io.gef.server;

import static io.gef.server.TwoEnginesIT.ADDR;
import static io.gef.server.TwoEnginesIT.DIR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.ServerProcess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15, acceptance 1, on an engine whose host the server cannot see: {@code scripts/engine2} keeps the
 * engine's data-root and datasets on a tmpfs mounted only in the engine's own mount namespace. A job on a dataset
 * there runs there, its outputs stay there (a Docker named volume), and the user still lists, downloads (byte-exact,
 * sha256 as listed) and archives them through the API; an upload to a volume there feeds a job there.
 */
class RemoteVolumesIT {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aJobOnADatasetOfEngine2_keepsItsOutputsThere_andTheyAreListedDownloadedAndArchivedThroughTheApi()
            throws Exception {
        assumeTrue(DIR != null, "GEF_TEST_ENGINE2_DIR is not set: start scripts/engine2 (./gef test does)");
        String name = "ds" + ThreadLocalRandom.current().nextInt(1_000_000);
        String hostPath = DIR + "/host/datasets/" + name;
        TwoEnginesIT.script("exec", "sh", "-c", "mkdir -p " + hostPath + "/sub && echo from-engine-two > "
                + hostPath + "/sub/in.txt");
        assertThat(Path.of(hostPath)).as("engine 2's data is invisible to this process").doesNotExist();
        // the marker is computed by the job, so no request, log or command line carries it
        int n = ThreadLocalRandom.current().nextInt(1000, 9999);
        String marker = "OUT" + (n * 1000 + 7) + "QZ";
        try (ServerProcess server = new ServerProcess(dir.resolve("gef"), Map.of("gef.engines", "engine2",
                "gef.engines.engine2.endpoint", "tcp://" + ADDR, "gef.engines.engine2.tls-dir", DIR + "/tls",
                "gef.engines.engine2.max-concurrent-jobs", "2", "gef.engine.copy-inputs", "true"))) {
            server.start();
            String admin = server.adminToken();
            TwoEnginesIT.publishSh(server, admin);
            Api.Response ds = server.api.post("/api/datasets", admin, Map.of("name", name, "engine", "engine2",
                    "hostPath", hostPath));
            assertThat(ds.status()).as(ds.body()).isEqualTo(201);
            Api.Response missing = server.api.post("/api/datasets", admin, Map.of("name", name + "x", "engine",
                    "engine2", "hostPath", hostPath + "-missing"));
            assertThat(missing.status()).as("checked on engine 2's host: " + missing.body()).isEqualTo(400);

            Api.Response r = server.api.post("/api/jobs", admin, Map.of("service", "sh", "inputs",
                    Map.of("in", Map.of("dataset", name, "path", "sub")), "parameters", Map.of("script",
                            "cat /data/in/in.txt > /data/out/copy.txt; echo OUT$((" + n + " * 1000 + 7))QZ"
                                    + " > /data/out/marker.txt; mkdir /data/out/d;"
                                    + " head -c 200000 /dev/urandom > /data/out/d/rand.bin")));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            JsonNode job = TwoEnginesIT.awaitEnd(server, admin, r.json().path("id").asText());
            assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("COMPLETE");
            assertThat(job.path("engine").asText()).isEqualTo("engine2");
            String vol = job.path("outputs").get(0).path("volumeId").asText();
            JsonNode v = server.api.get("/api/volumes/" + vol, admin).json();
            assertThat(v.path("engine").asText()).isEqualTo("engine2");
            assertThat(v.path("fileCount").asInt()).isEqualTo(3);

            Map<String, byte[]> files = downloadAll(server, admin, vol, "");
            assertThat(files.keySet()).containsExactlyInAnyOrder("copy.txt", "marker.txt", "d/rand.bin");
            assertThat(new String(files.get("copy.txt"), StandardCharsets.UTF_8)).isEqualTo("from-engine-two\n");
            assertThat(new String(files.get("marker.txt"), StandardCharsets.UTF_8)).isEqualTo(marker + "\n");
            assertThat(files.get("d/rand.bin")).hasSize(200_000);
            assertThat(unzip(server.api.getBytes("/api/volumes/" + vol + "/archive?format=zip", admin)))
                    .as("the zip archive holds the same bytes").containsOnlyKeys(files.keySet())
                    .allSatisfy((k, bytes) -> assertThat(bytes).isEqualTo(files.get(k)));

            assertThat(filesContaining(marker, server.data(), Path.of(DIR, "host")))
                    .as("no file of the outputs on the server's disk (its data directory, engine 2's directory"
                            + " outside its namespace)").isEmpty();

            // an upload to a volume on engine 2, then a job that reads it runs there
            JsonNode up = server.api.post("/api/volumes", admin, Map.of("name", "up", "engine", "engine2")).json();
            assertThat(up.path("engine").asText()).as(up.toString()).isEqualTo("engine2");
            byte[] body = "uploaded to engine two\n".getBytes(StandardCharsets.UTF_8);
            Api.Response put = server.api.put("/api/volumes/" + up.path("id").asText() + "/files/a/b.txt", admin,
                    body);
            assertThat(put.status()).as(put.body()).isEqualTo(201);
            assertThat(put.json().path("sha256").asText()).isEqualTo(sha256(body));
            Api.Response second = server.api.post("/api/jobs", admin, Map.of("service", "sh", "inputs",
                    Map.of("in", Map.of("volume", up.path("id").asText())), "parameters", Map.of("script",
                            "cat /data/in/a/b.txt > /data/out/again.txt")));
            assertThat(second.status()).as(second.body()).isEqualTo(201);
            JsonNode again = TwoEnginesIT.awaitEnd(server, admin, second.json().path("id").asText());
            assertThat(again.path("state").asText()).as(again.toString()).isEqualTo("COMPLETE");
            assertThat(again.path("engine").asText()).as("where its input volume is").isEqualTo("engine2");
            assertThat(server.api.getBytes("/api/volumes/" + again.path("outputs").get(0).path("volumeId").asText()
                    + "/files/again.txt", admin)).isEqualTo(body);

            inputsOnTwoEngines_theSmallerSideIsCopied(server, admin, name);
            aDockerdRestartMidJob_endsTheJobWithTheReason(server, admin, name);
        }
    }

    /** Acceptance (engine faults): the job ends SYSTEM_ERROR naming the engine, never RUNNING forever. */
    private static void aDockerdRestartMidJob_endsTheJobWithTheReason(ServerProcess server, String admin, String ds)
            throws Exception {
        Api.Response r = server.api.post("/api/jobs", admin, Map.of("service", "sh", "inputs",
                Map.of("in", Map.of("dataset", ds)), "parameters", Map.of("script", "sleep 60")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asText();
        for (int i = 0; i < 600 && !server.api.get("/api/jobs/" + id, admin).json().path("state").asText()
                .equals("RUNNING"); i++) {
            Thread.sleep(100);
        }
        JsonNode job;
        TwoEnginesIT.engine2("stop");
        try {
            job = TwoEnginesIT.awaitEnd(server, admin, id);
        } finally {
            TwoEnginesIT.engine2("start");
        }
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("SYSTEM_ERROR");
        assertThat(job.path("error").path("message").asText()).as(job.toString()).contains("engine2");
    }

    /** A volume of the server's data directory and a dataset of engine 2: the volume is copied to engine 2. */
    private static void inputsOnTwoEngines_theSmallerSideIsCopied(ServerProcess server, String admin, String ds)
            throws Exception {
        String local = server.api.post("/api/volumes", admin, Map.of("name", "here")).json().path("id").asText();
        byte[] body = "kept on the server\n".getBytes(StandardCharsets.UTF_8);
        assertThat(server.api.put("/api/volumes/" + local + "/files/x.txt", admin, body).status()).isEqualTo(201);
        TwoEnginesIT.publish(server, admin, "sh2");
        Api.Response r = server.api.post("/api/jobs", admin, Map.of("service", "sh2", "inputs",
                Map.of("a", Map.of("dataset", ds, "path", "sub"), "b", Map.of("volume", local)),
                "parameters", Map.of("script", "cat /data/a/in.txt /data/b/x.txt > /data/out/both.txt")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asText();
        JsonNode job = TwoEnginesIT.awaitEnd(server, admin, id);
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("COMPLETE");
        assertThat(job.path("engine").asText()).as("where the dataset is").isEqualTo("engine2");
        JsonNode copied = null;
        for (JsonNode e : server.api.get("/api/jobs/" + id + "/events", admin).json().path("events")) {
            if (e.path("type").asText().equals("input-copied")) {
                copied = e.path("data");
            }
        }
        assertThat(copied).as("an input-copied event").isNotNull();
        assertThat(copied.path("bytes").asLong()).isEqualTo(body.length);
        assertThat(copied.path("to").asText()).isEqualTo("engine2");
        assertThat(copied.has("seconds")).isTrue();
        String out = job.path("outputs").get(0).path("volumeId").asText();
        assertThat(new String(server.api.getBytes("/api/volumes/" + out + "/files/both.txt", admin),
                StandardCharsets.UTF_8)).isEqualTo("from-engine-two\nkept on the server\n");
        JsonNode envelope = null;
        for (int i = 0; i < 50 && envelope == null; i++) {
            Api.Response p = server.api.get("/api/jobs/" + id + "/provenance", admin);
            envelope = p.status() == 200 ? p.json() : null;
            Thread.sleep(100);
        }
        assertThat(envelope).as("provenance").isNotNull();
        JsonNode run = server.api.mapper().readTree(java.util.Base64.getDecoder().decode(envelope.path("payload")
                .asText())).path("predicate").path("runDetails").path("byproducts").get(0).path("content");
        assertThat(run.path("engine").asText()).isEqualTo("engine2");
        assertThat(run.path("placement").path("why").asText()).as(run.toString()).contains("copies");
        assertThat(run.path("placement").path("inputsCopied")).hasSize(1);
    }

    /** Every file of the volume below {@code path}, downloaded, each checked against the listed size and sha256. */
    private static Map<String, byte[]> downloadAll(ServerProcess server, String token, String vol, String path) {
        Map<String, byte[]> out = new HashMap<>();
        for (JsonNode e : server.api.get("/api/volumes/" + vol + "/tree?path=" + path, token).json()) {
            String rel = path.isEmpty() ? e.path("name").asText() : path + "/" + e.path("name").asText();
            if (e.path("type").asText().equals("dir")) {
                out.putAll(downloadAll(server, token, vol, rel));
            } else {
                byte[] bytes = server.api.getBytes("/api/volumes/" + vol + "/files/" + rel, token);
                assertThat(bytes).as(rel).hasSize(e.path("size").asInt());
                assertThat(sha256(bytes)).as("sha256 of " + rel + " as listed").isEqualTo(e.path("sha256").asText());
                out.put(rel, bytes);
            }
        }
        return out;
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    private static List<Path> filesContaining(String marker, Path... roots) throws IOException {
        byte[] m = marker.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                    if (Files.size(p) < (64 << 20) && indexOf(Files.readAllBytes(p), m) >= 0) {
                        found.add(p);
                    }
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
