package io.gef.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import io.gef.testing.LoopbackHttps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input suite: requests a hostile user or client would send, against the real server, engine and
 * registry. Every case asserts the exact status and error code, and that nothing was stored or changed: what an
 * admin can list (volumes, jobs, datasets and grants, users, tokens) and the files under the data directory are the
 * same before and after. Jobs that try to escape through links are in {@link LinkEscapeIT}.
 */
class HostileInputsIT {
    @TempDir
    static Path data;
    @TempDir
    static Path certs;
    static GefServer server;
    static LoopbackHttps https;
    static String alice;
    static String bob;
    static String aliceVolume;
    static String aliceOpen;
    static String aliceJob;
    static final AtomicInteger internalHits = new AtomicInteger();
    static com.sun.net.httpserver.HttpServer internal;

    @BeforeAll
    static void start() throws Exception {
        // the test's HTTPS server is on 127.0.0.2, which the configuration allows; 127.0.0.1 (GEF, the registry)
        // stays refused like every other internal address
        https = new LoopbackHttps(certs, "127.0.0.2");
        // stands for an internal service (an engine's TCP port, a metadata service): it counts every request
        internal = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", ex -> {
            internalHits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        internal.start();
        https.serve("/data.txt", "fetched\n".getBytes(StandardCharsets.UTF_8));
        server = GefServer.withExample(data, Map.of("gef.fetch.allow-networks", "127.0.0.2/32",
                "gef.fetch.trust-pem", https.pem.toString()), "sh");
        alice = server.newUser("alice");
        bob = server.newUser("bob");
        aliceVolume = server.volumeWithText(alice, "input.txt", "hello\n");
        aliceOpen = server.volumeWithText(alice, "input.txt", "hello\n"); // stays open: uploads and archives go here
        Path restricted = Files.createDirectories(data.resolve("restricted-data"));
        Files.writeString(restricted.resolve("secret.txt"), "granted to bob only\n");
        expect(server.api.post("/api/datasets", server.admin, Map.of("name", "restricted", "engine", "local",
                "hostPath", restricted.toString(), "description", "bob's")), 201);
        expect(server.api.post("/api/datasets/restricted/grants", server.admin, Map.of("user", userId(bob))), 201);
        Api.Response job = server.submitSh(alice, Map.of("volume", aliceVolume), "cat /data/in/input.txt");
        expect(job, 201);
        aliceJob = job.json().path("id").asText();
        server.awaitJob(alice, aliceJob);
        server.provenance(alice, aliceJob);
    }

    @AfterAll
    static void stop() {
        server.close();
        https.close();
        internal.stop(0);
    }

    private static void expect(Api.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
    }

    private static String userId(String token) {
        return server.api.get("/api/me", token).json().path("id").asText();
    }

    /** One hostile request: what it is, how to send it, the status and error code it must get. */
    record Case(String name, Supplier<Api.Response> send, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aHostileRequest_isRefusedWithItsExactStatus_andChangesNothing(Case c) throws IOException {
        String before = snapshot();
        Api.Response r = c.send().get();
        assertThat(r.status()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
        assertThat(r.json().path("error").asText()).as(c.name() + ": error code in " + r.body()).isEqualTo(c.code());
        assertThat(r.json().path("message").asText()).as("a message says why").isNotBlank();
        assertThat(snapshot()).as(c.name() + ": nothing stored or changed").isEqualTo(before);
        assertThat(internalHits).as("internal addresses never contacted").hasValue(0);
    }

    /** Everything an admin can list, and every file name and size under the data directory. */
    private static String snapshot() throws IOException {
        StringBuilder s = new StringBuilder();
        for (String p : List.of("/api/volumes?limit=500", "/api/jobs?limit=500", "/api/datasets", "/api/users",
                "/api/datasets/restricted/grants", "/api/audit?limit=500")) {
            s.append(p).append(' ').append(server.api.get(p, server.admin).body()).append('\n');
        }
        for (String t : List.of(alice, bob)) {
            s.append(server.api.get("/api/tokens", t).body()).append('\n');
        }
        try (Stream<Path> files = Files.walk(data.resolve("volumes"))) {
            files.sorted().forEach(f -> s.append(data.relativize(f)).append(' ').append(f.toFile().length())
                    .append('\n'));
        }
        return s.toString();
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        ssrf(all);
        paths(all);
        archives(all);
        malformed(all);
        tokens(all);
        otherUsers(all);
        datasets(all);
        return all.stream();
    }

    private static Api.Response job(String token, Map<String, Object> input) {
        return server.submitSh(token, input, "true");
    }

    private static Api.Response urlJob(String url) {
        return job(alice, Map.of("url", url));
    }

    private static void ssrf(List<Case> all) {
        int ip = internal.getAddress().getPort();
        all.add(new Case("ssrf: an internal service over https", () -> urlJob("https://127.0.0.1:" + ip + "/"), 400,
                "url_refused"));
        all.add(new Case("ssrf: an internal service over http", () -> urlJob("http://127.0.0.1:" + ip + "/"), 400,
                "url_refused"));
        all.add(new Case("ssrf: an internal service by name", () -> urlJob("https://localhost:" + ip + "/"), 400,
                "url_refused"));
        for (String url : List.of("https://127.0.0.1:5000/v2/_catalog", "https://localhost:5000/v2/_catalog",
                "https://127.0.0.1:" + server.gef.port() + "/api/users", "https://169.254.169.254/latest/meta-data/",
                "https://[fd00:ec2::254]/latest/meta-data/", "https://10.0.0.1/", "https://172.16.0.1/",
                "https://192.168.1.1/", "https://100.64.0.1/", "https://0.0.0.0/", "https://[::1]/",
                "https://[::ffff:127.0.0.1]/", "https://224.0.0.1/", "https://2130706433/", "https://0x7f000001/",
                "https://[fe80::1]/", "https://localhost./", "https://127.0.0.3:1/", "https://no-such-host.invalid/")) {
            all.add(new Case("ssrf: " + url, () -> urlJob(url), 400, "url_refused"));
        }
        all.add(new Case("ssrf: plain http to the registry", () -> urlJob("http://127.0.0.1:5000/v2/_catalog"), 400,
                "url_refused"));
        all.add(new Case("ssrf: plain http to an allowed address", () -> urlJob("http://127.0.0.2:"
                + https.port() + "/data.txt"), 400, "url_refused"));
        all.add(new Case("ssrf: https://127.1/ (no host a URI parser agrees on)", () -> urlJob("https://127.1/"), 400,
                "bad_field"));
        all.add(new Case("ssrf: file scheme", () -> urlJob("file:///etc/passwd"), 400, "bad_field"));
        all.add(new Case("ssrf: gopher scheme", () -> urlJob("gopher://127.0.0.1:5000/_x"), 400, "bad_field"));
        all.add(new Case("url: malformed sha256", () -> job(alice, Map.of("url", https.base() + "/data.txt",
                "sha256", "abc")), 400, "bad_field"));
        all.add(new Case("url: sha256 on a volume input", () -> job(alice, Map.of("volume", aliceVolume,
                "sha256", "0".repeat(64))), 400, "bad_field"));
    }

    private static Api.Response upload(String path) {
        return server.api.put("/api/volumes/" + aliceOpen + "/files/" + path, alice, "x".getBytes());
    }

    private static void paths(List<Case> all) {
        for (String p : List.of("..%2F..%2Fevil.txt", "a%2F..%2F..%2Fevil.txt", "%2Fetc%2Fevil", "a%5C..%5Cevil",
                "a%0Ab")) {
            all.add(new Case("upload path " + p, () -> upload(p), 400, "bad_path"));
        }
        // the web server itself refuses a NUL in the URI, before any route; the body is still the JSON error
        all.add(new Case("upload path a%00b", () -> upload("a%00b"), 400, "bad_request"));
        for (String p : List.of("../input.txt", "/etc", "a/../../etc", "a\\b")) {
            all.add(new Case("job input path " + p, () -> job(alice, Map.of("volume", aliceVolume, "path", p)), 400,
                    "bad_field"));
        }
        all.add(new Case("dataset file path with ..", () -> server.api.get(
                "/api/datasets/restricted/files/..%2F..%2Fetc%2Fpasswd", server.admin), 400, "bad_path"));
        all.add(new Case("volume tree path with ..", () -> server.api.get("/api/volumes/" + aliceVolume
                + "/tree?path=../..", alice), 400, "bad_path"));
    }

    private static Api.Response archive(TarArchiveEntry entry, byte[] body) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry ok = new TarArchiveEntry("fine.txt");
            ok.setSize(2);
            tar.putArchiveEntry(ok);
            tar.write("ok".getBytes());
            tar.closeArchiveEntry();
            entry.setSize(body.length);
            tar.putArchiveEntry(entry);
            tar.write(body);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return server.api.send(server.api.builder("/api/volumes/" + aliceOpen + "/archive", alice)
                .header("Content-Type", "application/x-tar").POST(HttpRequest.BodyPublishers.ofByteArray(
                        buf.toByteArray())));
    }

    private static TarArchiveEntry link(String name, String target, byte type) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setLinkName(target);
        return e;
    }

    private static void archives(List<Case> all) {
        byte[] x = "x".getBytes();
        all.add(new Case("archive entry ../", () -> archive(new TarArchiveEntry("../evil.txt"), x), 400,
                "bad_archive_entry"));
        all.add(new Case("archive entry a/../../", () -> archive(new TarArchiveEntry("a/../../evil.txt"), x), 400,
                "bad_archive_entry"));
        all.add(new Case("archive entry absolute", () -> archive(new TarArchiveEntry("/etc/evil", true), x), 400,
                "bad_archive_entry"));
        all.add(new Case("archive symlink to /etc/passwd", () -> archive(link("passwd", "/etc/passwd",
                TarConstants.LF_SYMLINK), new byte[0]), 400, "bad_archive_entry"));
        all.add(new Case("archive symlink climbing out", () -> archive(link("up", "../../../etc",
                TarConstants.LF_SYMLINK), new byte[0]), 400, "bad_archive_entry"));
        all.add(new Case("archive hard link to /etc/passwd", () -> archive(link("hard", "/etc/passwd",
                TarConstants.LF_LINK), new byte[0]), 400, "bad_archive_entry"));
        all.add(new Case("archive char device", () -> archive(new TarArchiveEntry("null", TarConstants.LF_CHR),
                new byte[0]), 400, "bad_archive_entry"));
        all.add(new Case("archive fifo", () -> archive(new TarArchiveEntry("fifo", TarConstants.LF_FIFO),
                new byte[0]), 400, "bad_archive_entry"));
        all.add(new Case("archive that is not one", () -> server.api.send(server.api.builder("/api/volumes/"
                + aliceOpen + "/archive", alice).header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofString("not a tar at all"))), 400, "bad_archive"));
    }

    private static void malformed(List<Case> all) {
        all.add(new Case("json: not JSON", () -> server.api.post("/api/jobs", alice, "{\"service\": "), 400,
                "bad_json"));
        all.add(new Case("json: an array", () -> server.api.post("/api/jobs", alice, "[1,2,3]"), 400, "bad_json"));
        all.add(new Case("json: wrong type", () -> server.api.post("/api/jobs", alice,
                "{\"service\":\"sh\",\"inputs\":\"x\"}"), 400, "bad_json"));
        all.add(new Case("json: nested 5000 deep", () -> server.api.post("/api/jobs", alice,
                "{\"service\":\"sh\",\"parameters\":{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}}"), 400,
                "bad_json"));
        all.add(new Case("json: body over the limit", () -> server.api.post("/api/jobs", alice,
                "{\"service\":\"sh\",\"name\":\"" + "a".repeat(2 << 20) + "\"}"), 413, "too_large"));
        all.add(new Case("json: name too long", () -> server.api.post("/api/jobs", alice, Map.of("service", "sh",
                "name", "n".repeat(201))), 400, "bad_field"));
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 33; i++) {
            tags.put("t" + i, "v");
        }
        all.add(new Case("json: too many tags", () -> server.api.post("/api/jobs", alice, Map.of("service", "sh",
                "tags", tags)), 400, "bad_field"));
        all.add(new Case("json: two kinds in one input", () -> job(alice, Map.of("volume", aliceVolume, "url",
                https.base() + "/data.txt")), 400, "bad_field"));
        all.add(new Case("json: volume name of control characters", () -> server.api.post("/api/volumes", alice,
                Map.of("name", "a\u0000b\nc")), 400, "bad_name"));
        all.add(new Case("header: 64 KiB of header", () -> rawRequest("GET /api/me HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nAuthorization: Bearer " + alice + "\r\nX-Junk: " + "j".repeat(64 << 10) + "\r\n\r\n"), 431,
                "headers_too_large"));
        all.add(new Case("header: Authorization not Bearer", () -> server.api.get("/api/me", "Basic YWxpY2U6eA=="),
                401, "malformed_token"));
    }

    private static void tokens(List<Case> all) {
        all.add(new Case("token: none", () -> server.api.get("/api/volumes", null), 401, "missing_token"));
        all.add(new Case("token: garbage", () -> server.api.get("/api/volumes", "garbage"), 401, "malformed_token"));
        all.add(new Case("token: alg=none", () -> server.api.get("/api/volumes",
                new PlainJWT(claims(Instant.now().plusSeconds(3600))).serialize()), 401, "malformed_token"));
        all.add(new Case("token: HS256 with the public key as secret", () -> server.api.get("/api/volumes",
                hmacWithPublicKey()), 401, "bad_algorithm"));
        all.add(new Case("token: signed by a foreign key with our key id", () -> server.api.get("/api/volumes",
                signed(foreignKey(), claims(Instant.now().plusSeconds(3600)))), 401, "bad_signature"));
        all.add(new Case("token: alice's token with a byte changed", () -> server.api.get("/api/volumes",
                tamper(alice)), 401, "bad_signature"));
        all.add(new Case("token: expired, signed by the server key", () -> server.api.get("/api/volumes",
                signed(serverKey(), claims(Instant.now().minusSeconds(3600)))), 401, "expired_token"));
        all.add(new Case("token: valid signature but never issued", () -> server.api.get("/api/volumes",
                signed(serverKey(), claims(Instant.now().plusSeconds(3600)))), 401, "unknown_token"));
    }

    private static void otherUsers(List<Case> all) {
        String v = "/api/volumes/" + aliceVolume;
        String j = "/api/jobs/" + aliceJob;
        all.add(new Case("bob reads alice's volume", () -> server.api.get(v, bob), 404, "not_found"));
        all.add(new Case("bob lists alice's volume", () -> server.api.get(v + "/tree", bob), 404, "not_found"));
        all.add(new Case("bob downloads alice's file", () -> server.api.get(v + "/files/input.txt", bob), 404,
                "not_found"));
        all.add(new Case("bob writes into alice's volume", () -> server.api.put(v + "/files/x.txt", bob,
                "x".getBytes()), 404, "not_found"));
        all.add(new Case("bob seals alice's volume", () -> server.api.post(v + "/seal", bob, "{}"), 404,
                "not_found"));
        all.add(new Case("bob deletes alice's volume", () -> server.api.delete(v, bob), 404, "not_found"));
        all.add(new Case("bob archives alice's volume", () -> server.api.get(v + "/archive?format=tar", bob), 404,
                "not_found"));
        all.add(new Case("bob runs a job on alice's volume", () -> job(bob, Map.of("volume", aliceVolume)), 400,
                "bad_field"));
        all.add(new Case("bob reads alice's job", () -> server.api.get(j, bob), 404, "job_not_found"));
        all.add(new Case("bob reads alice's job log", () -> server.api.get(j + "/logs?format=text", bob), 404,
                "job_not_found"));
        all.add(new Case("bob reads alice's job events", () -> server.api.get(j + "/events", bob), 404,
                "job_not_found"));
        all.add(new Case("bob cancels alice's job", () -> server.api.post(j + "/cancel", bob, "{}"), 404,
                "job_not_found"));
        all.add(new Case("bob replays alice's job", () -> server.api.post(j + "/replay", bob, "{}"), 404,
                "job_not_found"));
        all.add(new Case("bob reads alice's provenance", () -> server.api.get(j + "/provenance", bob), 404,
                "job_not_found"));
        all.add(new Case("bob exports alice's crate", () -> server.api.get(j + "/crate", bob), 404,
                "job_not_found"));
        all.add(new Case("bob lists users", () -> server.api.get("/api/users", bob), 403, "role_required"));
        all.add(new Case("bob creates a user", () -> server.api.post("/api/users", bob, Map.of("name", "mallory",
                "roles", List.of("admin"))), 403, "role_required"));
        all.add(new Case("bob deletes alice", () -> server.api.delete("/api/users/" + userId(alice), bob), 403,
                "role_required"));
        all.add(new Case("bob revokes alice's token", () -> server.api.delete("/api/tokens/" + server.api.get(
                "/api/tokens", alice).json().path("tokens").path(0).path("id").asText(), bob), 404, "token_not_found"));
        all.add(new Case("bob publishes a service", () -> server.api.send(server.api.builder("/api/services/builds",
                bob).header("Content-Type", "application/x-tar").POST(HttpRequest.BodyPublishers.ofByteArray(
                new byte[1024]))), 403, "role_required"));
        all.add(new Case("bob reads the audit log", () -> server.api.get("/api/audit", bob), 403, "role_required"));
        all.add(new Case("bob deletes a service version", () -> server.api.delete("/api/services/sh/versions/1.0",
                bob), 403, "role_required"));
    }

    private static void datasets(List<Case> all) {
        all.add(new Case("dataset not granted: read", () -> server.api.get("/api/datasets/restricted", alice), 404,
                "not_found"));
        all.add(new Case("dataset not granted: tree", () -> server.api.get("/api/datasets/restricted/tree", alice),
                404, "not_found"));
        all.add(new Case("dataset not granted: file", () -> server.api.get(
                "/api/datasets/restricted/files/secret.txt", alice), 404, "not_found"));
        all.add(new Case("dataset not granted: mount in a job", () -> job(alice, Map.of("dataset", "restricted")),
                400, "bad_field"));
        all.add(new Case("dataset: a user grants herself", () -> server.api.post("/api/datasets/restricted/grants",
                alice, Map.of("user", userId(alice))), 403, "role_required"));
        all.add(new Case("dataset: a user registers /etc", () -> server.api.post("/api/datasets", alice,
                Map.of("name", "etc", "engine", "local", "hostPath", "/etc")), 403, "role_required"));
        all.add(new Case("dataset: admin registers a relative path", () -> server.api.post("/api/datasets",
                server.admin, Map.of("name", "rel", "engine", "local", "hostPath", "../../etc")), 400, "bad_dataset"));
        all.add(new Case("dataset: admin registers a path with ..", () -> server.api.post("/api/datasets",
                server.admin, Map.of("name", "dots", "engine", "local", "hostPath", "/srv/../etc")), 400,
                "bad_dataset"));
        all.add(new Case("dataset: grant to a user and a role at once", () -> server.api.post(
                "/api/datasets/restricted/grants", server.admin, Map.of("user", "x", "role", "user")), 400,
                "bad_field"));
    }

    @org.junit.jupiter.api.Test
    void theAuditLog_saysWhoChangedWhatWhenAndFromWhere() {
        var entries = server.api.get("/api/audit?limit=500", server.admin).json().path("entries");
        List<String> actions = new ArrayList<>();
        entries.forEach(e -> actions.add(e.path("action").asText() + " " + e.path("target").asText()));
        assertThat(actions).as("changes made while setting up").contains("dataset.registered restricted",
                "dataset.granted restricted", "user.created " + userId(alice), "user.created " + userId(bob),
                "service.build-submitted " + entries.findValuesAsText("target").stream()
                        .filter(t -> t.startsWith("bld-")).findFirst().orElse("?"));
        entries.forEach(e -> {
            assertThat(e.path("actorName").asText()).as("who").isEqualTo("admin");
            assertThat(e.path("address").asText()).as("from where").isEqualTo("127.0.0.1");
            assertThat(e.path("at").asText()).as("when").isNotBlank();
        });
        assertThat(entries.toString()).as("no secret in the log").doesNotContain(alice).doesNotContain(bob);
    }

    @org.junit.jupiter.api.Test
    void theGui_isServedWithAPolicyThatForbidsInlineScriptAndFraming() {
        Api.Response page = server.api.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).as("CSP").contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.body()).as("the page itself has no inline script").doesNotContainPattern("<script(?![^>]*src=)");
        assertThat(server.api.get("/api/health", null).header("Content-Security-Policy")).as("API answers too")
                .isEqualTo(csp);
    }

    // ---- tokens a forger could make

    private static JWTClaimsSet claims(Instant expires) {
        return new JWTClaimsSet.Builder().issuer("gef").audience("gef").subject(userId(alice)).jwtID("tok-forged")
                .issueTime(Date.from(expires.minusSeconds(7200))).expirationTime(Date.from(expires)).build();
    }

    private static ECKey serverKey() {
        try {
            return (ECKey) JWK.parse(Files.readString(data.resolve("keys/server-es256.jwk.json")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey foreignKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(serverKey().getKeyID()).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signed(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacWithPublicKey() {
        try {
            byte[] secret = serverKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(serverKey().getKeyID())
                    .build(), claims(Instant.now().plusSeconds(3600)));
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        char[] sig = parts[2].toCharArray();
        sig[5] = sig[5] == 'A' ? 'B' : 'A';
        return parts[0] + "." + parts[1] + "." + new String(sig);
    }

    /** Sends raw bytes and reads the answer: for requests an HTTP client library refuses to make. */
    private static Api.Response rawRequest(String request) {
        try (Socket s = new Socket("127.0.0.1", server.gef.port())) {
            OutputStream o = s.getOutputStream();
            o.write(request.getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(answer.substring(9, 12));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            return new Api.Response(status, body, server.api.mapper().readTree(body.isBlank() ? "{}" : body), null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
