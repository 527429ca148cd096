package io.gef.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.server.HealthCheck;
import io.gef.volumes.Volumes;
import io.gef.volumes.store.DatasetStore;
import io.gef.volumes.store.LocalVolumeStore;
import io.gef.volumes.store.Quota;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volume and dataset routes over a real socket, with a test authenticator ("Bearer alice" is user alice). */
class VolumeRoutesTest {
    @TempDir
    Path base;
    Javalin app;
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = Json.mapper();
    String url;

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(base.resolve("ds/sub"));
        Files.writeString(base.resolve("ds/sub/data.txt"), "dataset bytes");
        var volumes = new Volumes(LocalVolumeStore.open(base.resolve("volumes"), "local", new Quota(1L << 30, 1000),
                Clock.systemUTC()), DatasetStore.open(base.resolve("datasets"), Set.of("local"), Clock.systemUTC()),
                id -> false, (db = io.gef.store.Database.open(base.resolve("db")).migrate()).dataSource(),
                Clock.systemUTC());
        var datasets = volumes.datasets();
        app = HttpApp.create(new HttpApp.ApiServices(new HealthCheck(List.of(), null), (h, ip) -> {
            if (h == null || !h.startsWith("Bearer ")) {
                throw new GefException(ErrorCode.NO_TOKEN, "missing token");
            }
            String who = h.substring(7);
            return new Caller(who, who, who.equals("root") ? Set.of(Role.ADMIN) : Set.of(Role.USER));
        }, null, null, null, volumes, datasets, null, null, null), 1 << 20).start("127.0.0.1", 0);
        url = "http://127.0.0.1:" + app.port();
    }

    private io.gef.store.Database db;

    @AfterEach
    void stop() {
        app.stop();
        db.close();
    }

    private HttpResponse<byte[]> send(String who, String method, String path, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (who != null) {
            b.header("Authorization", "Bearer " + who);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode jsonOf(HttpResponse<byte[]> r) throws IOException {
        return json.readTree(r.body());
    }

    private String newVolume(String who) throws Exception {
        var r = send(who, "POST", "/api/volumes", "{\"name\":\"v\"}".getBytes());
        assertThat(r.statusCode()).as("create status").isEqualTo(201);
        return jsonOf(r).get("id").asText();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void uploadThenDownload_isByteIdenticalWithEtagAndLength() throws Exception {
        String vol = newVolume("alice");
        byte[] body = new byte[3_000_000];
        new Random(1).nextBytes(body);
        var put = send("alice", "PUT", "/api/volumes/" + vol + "/files/dir/x%20y.bin", body);
        assertThat(put.statusCode()).as("upload status").isEqualTo(201);
        assertThat(jsonOf(put).get("sha256").asText()).as("upload sha256").isEqualTo(sha256(body));
        var get = send("alice", "GET", "/api/volumes/" + vol + "/files/dir/x%20y.bin", null);
        assertThat(get.statusCode()).as("download status").isEqualTo(200);
        assertThat(get.body()).as("downloaded bytes").isEqualTo(body);
        assertThat(get.headers().firstValue("ETag")).as("ETag").contains("\"" + sha256(body) + "\"");
        assertThat(get.headers().firstValueAsLong("Content-Length")).as("length").hasValue(body.length);
        var again = send("alice", "GET", "/api/volumes/" + vol + "/files/dir/x%20y.bin", null,
                "If-None-Match", "\"" + sha256(body) + "\"");
        assertThat(again.statusCode()).as("conditional GET").isEqualTo(304);
    }

    @Test
    void rangeRequest_returnsExactlyThoseBytes() throws Exception {
        String vol = newVolume("alice");
        byte[] body = "0123456789abcdefghij".getBytes();
        send("alice", "PUT", "/api/volumes/" + vol + "/files/r.txt", body);
        var r = send("alice", "GET", "/api/volumes/" + vol + "/files/r.txt", null, "Range", "bytes=5-9");
        assertThat(r.statusCode()).as("status").isEqualTo(206);
        assertThat(new String(r.body())).as("bytes").isEqualTo("56789");
        assertThat(r.headers().firstValue("Content-Range")).as("Content-Range").contains("bytes 5-9/20");
        var tail = send("alice", "GET", "/api/volumes/" + vol + "/files/r.txt", null, "Range", "bytes=-3");
        assertThat(new String(tail.body())).as("suffix range").isEqualTo("hij");
        var bad = send("alice", "GET", "/api/volumes/" + vol + "/files/r.txt", null, "Range", "bytes=50-");
        assertThat(bad.statusCode()).as("unsatisfiable").isEqualTo(416);
    }

    @Test
    void preview_ofHtml_isPlainTextUnderASandbox_andAnImageKeepsItsType_andZipsAreNamedAfterTheVolume()
            throws Exception {
        String vol = newVolume("alice");
        send("alice", "PUT", "/api/volumes/" + vol + "/files/page.html", "<script>alert(1)</script>".getBytes());
        send("alice", "PUT", "/api/volumes/" + vol + "/files/pic.PNG", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        var html = send("alice", "GET", "/api/volumes/" + vol + "/files/page.html?preview=true", null,
                "Range", "bytes=0-65535");
        assertThat(html.statusCode()).as("a range of the preview").isEqualTo(206);
        assertThat(html.headers().firstValue("Content-Type")).as("never served as HTML")
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(html.headers().firstValue("Content-Security-Policy")).as("sandboxed")
                .hasValueSatisfying(t -> assertThat(t).contains("sandbox"));
        assertThat(html.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(html.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).startsWith("inline"));
        var png = send("alice", "GET", "/api/volumes/" + vol + "/files/pic.PNG?preview=true", null);
        assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
        var plain = send("alice", "GET", "/api/volumes/" + vol + "/files/page.html", null);
        assertThat(plain.headers().firstValue("Content-Type")).as("a download stays a download")
                .contains("application/octet-stream");
        var zip = send("alice", "GET", "/api/volumes/" + vol + "/archive?format=zip", null);
        assertThat(zip.headers().firstValue("Content-Disposition")).as("named after the volume ('v')")
                .hasValueSatisfying(d -> assertThat(d).contains("filename=\"v.zip\""));
    }

    @Test
    void treeListsNamesTypesSizesAndHashes() throws Exception {
        String vol = newVolume("alice");
        send("alice", "PUT", "/api/volumes/" + vol + "/files/d/a.txt", "aaa".getBytes());
        send("alice", "PUT", "/api/volumes/" + vol + "/files/d/sub/b.txt", "b".getBytes());
        JsonNode tree = jsonOf(send("alice", "GET", "/api/volumes/" + vol + "/tree?path=d", null));
        assertThat(tree.get(0).get("name").asText()).as("first entry").isEqualTo("sub");
        assertThat(tree.get(0).get("type").asText()).as("first type").isEqualTo("dir");
        assertThat(tree.get(1).get("size").asLong()).as("file size").isEqualTo(3);
        assertThat(tree.get(1).get("sha256").asText()).as("file sha").isEqualTo(sha256("aaa".getBytes()));
        assertThat(tree.get(1).has("modified")).as("modified").isTrue();
    }

    @Test
    void zipAndTarGzArchives_roundTripEveryFile() throws Exception {
        String vol = newVolume("alice");
        Map<String, byte[]> files = Map.of("a.txt", "alpha".getBytes(), "d/b.bin", new byte[100_000],
                "d/e/c.txt", "gamma".getBytes());
        files.forEach((p, b) -> {
            try {
                send("alice", "PUT", "/api/volumes/" + vol + "/files/" + p, b);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        byte[] zip = send("alice", "GET", "/api/volumes/" + vol + "/archive?format=zip", null).body();
        Map<String, byte[]> fromZip = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (!e.isDirectory()) {
                    fromZip.put(e.getName(), in.readAllBytes());
                }
            }
        }
        byte[] tgz = send("alice", "GET", "/api/volumes/" + vol + "/archive?format=tar.gz", null).body();
        Map<String, byte[]> fromTar = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(
                new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile()) {
                    fromTar.put(e.getName(), in.readAllBytes());
                }
            }
        }
        assertThat(fromZip).as("zip contents").containsOnlyKeys(files.keySet());
        assertThat(fromTar).as("tar.gz contents").containsOnlyKeys(files.keySet());
        files.forEach((p, b) -> {
            assertThat(fromZip.get(p)).as("zip " + p).isEqualTo(b);
            assertThat(fromTar.get(p)).as("tar " + p).isEqualTo(b);
        });
        // and back in: the zip unpacks into a second volume with the same root digest after sealing
        String copy = newVolume("alice");
        var up = send("alice", "POST", "/api/volumes/" + copy + "/archive", zip);
        assertThat(up.statusCode()).as("archive upload").isEqualTo(201);
        String d1 = jsonOf(send("alice", "POST", "/api/volumes/" + vol + "/seal", null)).get("rootDigest").asText();
        String d2 = jsonOf(send("alice", "POST", "/api/volumes/" + copy + "/seal", null)).get("rootDigest").asText();
        assertThat(d2).as("digest of the re-uploaded archive").isEqualTo(d1);
        var folder = send("alice", "GET", "/api/volumes/" + vol + "/archive?format=tar.gz&path=d/e", null);
        assertThat(folder.statusCode()).as("folder archive").isEqualTo(200);
    }

    @Test
    void badArchiveOverHttp_is400NamingTheEntryAndWritesNothing() throws Exception {
        String vol = newVolume("alice");
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bos)) {
            var e = new TarArchiveEntry("../../x", true);
            e.setSize(1);
            tar.putArchiveEntry(e);
            tar.write('x');
            tar.closeArchiveEntry();
        }
        var r = send("alice", "POST", "/api/volumes/" + vol + "/archive", bos.toByteArray());
        assertThat(r.statusCode()).as("status").isEqualTo(400);
        assertThat(jsonOf(r).get("message").asText()).as("message").contains("../../x");
        assertThat(jsonOf(send("alice", "GET", "/api/volumes/" + vol, null)).get("fileCount").asInt())
                .as("files").isZero();
    }

    @Test
    void anotherUsersVolume_is404AndAdminSeesAll() throws Exception {
        String vol = newVolume("alice");
        send("alice", "PUT", "/api/volumes/" + vol + "/files/s.txt", "secret".getBytes());
        assertThat(send("bob", "GET", "/api/volumes/" + vol, null).statusCode()).as("metadata").isEqualTo(404);
        assertThat(send("bob", "GET", "/api/volumes/" + vol + "/files/s.txt", null).statusCode())
                .as("download").isEqualTo(404);
        assertThat(send("bob", "PUT", "/api/volumes/" + vol + "/files/t.txt", "x".getBytes()).statusCode())
                .as("upload").isEqualTo(404);
        assertThat(send("bob", "DELETE", "/api/volumes/" + vol, null).statusCode()).as("delete").isEqualTo(404);
        assertThat(jsonOf(send("bob", "GET", "/api/volumes", null)).get("items")).as("bob's list").isEmpty();
        newVolume("bob");
        assertThat(jsonOf(send("root", "GET", "/api/volumes", null)).get("items")).as("admin's list").hasSize(2);
        assertThat(send("root", "GET", "/api/volumes/" + vol + "/files/s.txt", null).statusCode())
                .as("admin download").isEqualTo(200);
        assertThat(send(null, "GET", "/api/volumes", null).statusCode()).as("anonymous").isEqualTo(401);
    }

    @Test
    void listIsNewestFirstAndPaged() throws Exception {
        String first = newVolume("alice");
        String second = newVolume("alice");
        JsonNode page = jsonOf(send("alice", "GET", "/api/volumes?limit=1", null));
        assertThat(page.get("items")).as("page size").hasSize(1);
        JsonNode all = jsonOf(send("alice", "GET", "/api/volumes", null)).get("items");
        assertThat(List.of(all.get(0).get("id").asText(), all.get(1).get("id").asText())).as("order")
                .containsExactlyInAnyOrder(first, second);
    }

    @Test
    void sealedVolumeUpload_is409AndDeleteIs204() throws Exception {
        String vol = newVolume("alice");
        send("alice", "POST", "/api/volumes/" + vol + "/seal", null);
        var r = send("alice", "PUT", "/api/volumes/" + vol + "/files/x", "x".getBytes());
        assertThat(r.statusCode()).as("upload to sealed").isEqualTo(409);
        assertThat(send("alice", "DELETE", "/api/volumes/" + vol, null).statusCode()).as("delete").isEqualTo(204);
        assertThat(send("alice", "GET", "/api/volumes/" + vol, null).statusCode()).as("gone").isEqualTo(404);
    }

    @Test
    void datasets_onlyAdminsRegisterAndGrant_andOnlyGranteesRead() throws Exception {
        String body = "{\"name\":\"genomes\",\"engine\":\"local\",\"hostPath\":\"" + base.resolve("ds")
                + "\",\"description\":\"test\"}";
        assertThat(send("alice", "POST", "/api/datasets", body.getBytes()).statusCode()).as("user registers")
                .isEqualTo(403);
        assertThat(send("root", "POST", "/api/datasets", body.getBytes()).statusCode()).as("admin registers")
                .isEqualTo(201);
        assertThat(jsonOf(send("alice", "GET", "/api/datasets", null))).as("not granted: not listed").isEmpty();
        assertThat(send("alice", "GET", "/api/datasets/genomes", null).statusCode()).as("not granted").isEqualTo(404);
        assertThat(send("alice", "POST", "/api/datasets/genomes/grants", "{\"user\":\"alice\"}".getBytes())
                .statusCode()).as("a user grants").isEqualTo(403);
        assertThat(send("root", "POST", "/api/datasets/genomes/grants", "{\"user\":\"alice\"}".getBytes())
                .statusCode()).as("admin grants").isEqualTo(201);
        JsonNode list = jsonOf(send("alice", "GET", "/api/datasets", null));
        assertThat(list.get(0).get("name").asText()).as("listed").isEqualTo("genomes");
        assertThat(list.get(0).get("hostPath").isNull()).as("host path hidden from users").isTrue();
        JsonNode tree = jsonOf(send("alice", "GET", "/api/datasets/genomes/tree?path=sub", null));
        assertThat(tree.get(0).get("size").asLong()).as("size").isEqualTo(13);
        var file = send("alice", "GET", "/api/datasets/genomes/files/sub/data.txt", null);
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).as("content").isEqualTo("dataset bytes");
        assertThat(send("alice", "PUT", "/api/datasets/genomes/files/sub/new.txt", "x".getBytes()).statusCode())
                .as("datasets are read-only").isIn(404, 405);
        assertThat(send("alice", "GET", "/api/datasets/genomes/files/..%2F..%2Fetc%2Fpasswd", null).statusCode())
                .as("escape attempt").isIn(400, 404);
        assertThat(send("bob", "GET", "/api/datasets/genomes/files/sub/data.txt", null).statusCode())
                .as("another user, not granted").isEqualTo(404);
        assertThat(send("root", "DELETE", "/api/datasets/genomes/grants/user:alice", null).statusCode())
                .as("revoked").isEqualTo(204);
        assertThat(send("alice", "GET", "/api/datasets/genomes/tree", null).statusCode()).as("after revoking")
                .isEqualTo(404);
    }

    /** Sends a PUT head claiming {@code declared} bytes, then only {@code sent} bytes, over a raw socket. */
    private String rawPut(String path, long declared, int sent, boolean readAnswer) throws IOException {
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", app.port())) {
            var out = sock.getOutputStream();
            out.write(("PUT " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer alice\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[sent]);
            out.flush();
            if (!readAnswer) {
                return "";
            }
            byte[] head = sock.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void uploadDeclaringMoreThanTheQuota_is413BeforeTheBodyIsSent() throws Exception {
        String vol = newVolume("alice");
        String status = rawPut("/api/volumes/" + vol + "/files/huge.bin", 5L << 30, 0, true);
        assertThat(status).as("status line").isEqualTo("HTTP/1.1 413");
        assertThat(jsonOf(send("alice", "GET", "/api/volumes/" + vol, null)).get("fileCount").asInt())
                .as("files").isZero();
    }

    @Test
    void uploadCutOffMidway_leavesNoFileVisible() throws Exception {
        String vol = newVolume("alice");
        rawPut("/api/volumes/" + vol + "/files/cut.bin", 10_000_000, 2_000_000, false);
        Path staging = base.resolve("volumes").resolve(vol).resolve("staging");
        // the server may not have begun staging when this first looks, and may notice a half-open connection only at
        // Jetty's 30 s idle timeout: staging must stay empty for 3 s in a row, within 90 s
        long emptySince = -1;
        for (int i = 0; i < 1800 && (emptySince < 0 || System.nanoTime() - emptySince < 3_000_000_000L); i++) {
            if (hasFiles(staging)) {
                emptySince = -1;
            } else if (emptySince < 0) {
                emptySince = System.nanoTime();
            }
            Thread.sleep(50);
        }
        assertThat(hasFiles(staging)).as("staging cleaned up").isFalse();
        assertThat(send("alice", "GET", "/api/volumes/" + vol + "/files/cut.bin", null).statusCode())
                .as("no partial file").isEqualTo(404);
        assertThat(jsonOf(send("alice", "GET", "/api/volumes/" + vol + "/tree", null))).as("tree").isEmpty();
    }

    private static boolean hasFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }
}
