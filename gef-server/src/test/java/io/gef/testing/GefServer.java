package io.gef.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.config.GefConfig;
import io.gef.server.Gef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A real GEF server for tests: temporary data directory, its own registry namespace and a policy trusting only
 * that namespace (so tests never touch {@code gef/}), the admin token, and helpers to publish and run.
 */
public final class GefServer implements AutoCloseable {
    public static final String REGISTRY = System.getProperty("gef.registry", "127.0.0.1:5000");
    public static final Path REPO = Path.of(System.getProperty("gef.repo.root", "..")).toAbsolutePath().normalize();
    public final Gef gef;
    public final Api api;
    public final String admin;
    public final String namespace;

    public GefServer(Path data) {
        this(data, Map.of());
    }

    public GefServer(Path data, Map<String, String> extra) {
        this(data, extra, "test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A server in the registry namespace {@code namespace} (a restored server keeps its predecessor's). */
    public GefServer(Path data, Map<String, String> extra, String namespace) {
        this.namespace = namespace;
        try {
            String registry = extra.containsKey("gef.registry.url")
                    ? java.net.URI.create(extra.get("gef.registry.url")).getAuthority() : REGISTRY;
            String policy = Files.readString(REPO.resolve("registry-policy/policies/default.yaml"))
                    .replace("127.0.0.1:5000/gef", registry + "/" + namespace);
            Files.createDirectories(data);
            Files.writeString(data.resolve("policy.yaml"), policy);
            Map<String, String> cfg = new HashMap<>(Map.of("gef.data.dir", data.toString(), "gef.http.host",
                    "127.0.0.1", "gef.http.port", "0", "gef.registry.namespace", namespace, "gef.policy.file",
                    data.resolve("policy.yaml").toString(), "gef.registry.url", "http://" + REGISTRY));
            // ./gef test exports the shared registry's token key: servers under test mint tokens as ./gef up's does
            for (String key : List.of("gef.registry.token-key", "gef.registry.token-cert")) {
                String v = System.getenv(GefConfig.envName(key));
                if (v != null && !v.isBlank()) {
                    cfg.put(key, v);
                }
            }
            cfg.putAll(extra);
            gef = new Gef(GefConfig.of(cfg)).start();
            api = new Api(gef.port());
            admin = Files.readString(data.resolve("admin.token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tar of {@code dir} without its test/ folder: the build context the examples are published from. */
    public static byte[] context(Path dir) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buf); Stream<Path> files = Files.walk(dir)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(f).toString();
                if (name.startsWith("test/")) {
                    continue;
                }
                TarArchiveEntry e = new TarArchiveEntry(f.toFile(), name);
                tar.putArchiveEntry(e);
                Files.copy(f, tar);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    /** Posts a build context and waits for the build to end; returns the build. */
    public JsonNode publish(byte[] context) throws InterruptedException {
        Api.Response r = api.send(api.builder("/api/services/builds", admin)
                .header("Content-Type", "application/x-tar").POST(HttpRequest.BodyPublishers.ofByteArray(context)));
        if (r.status() != 202) {
            throw new AssertionError("build refused: " + r.status() + " " + r.body());
        }
        String id = r.json().path("id").asText();
        for (int i = 0; i < 1200; i++) {
            JsonNode b = api.get("/api/services/builds/" + id, admin).json();
            if (b.path("state").asText().equals("SUCCEEDED") || b.path("state").asText().equals("FAILED")) {
                return b;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("build " + id + " did not end");
    }

    /** Publishes the example service {@code service-images/<name>} and fails unless its build succeeded. */
    public JsonNode publishExample(String name) throws InterruptedException {
        JsonNode b = publish(context(REPO.resolve("service-images").resolve(name)));
        if (!b.path("state").asText().equals("SUCCEEDED")) {
            throw new AssertionError("build of service-images/" + name + " failed: " + b);
        }
        return b;
    }

    /** Creates a plain user (role user) as the admin; returns its token. */
    public String newUser(String name) {
        Api.Response r = api.post("/api/users", admin, Map.of("name", name));
        if (r.status() != 201) {
            throw new AssertionError("cannot create user " + name + ": " + r.status() + " " + r.body());
        }
        return r.json().path("token").asText();
    }

    /** A server (see {@link #GefServer(Path, Map)}) with the example service {@code example} published. */
    public static GefServer withExample(Path data, Map<String, String> extra, String example)
            throws InterruptedException {
        GefServer s = new GefServer(data, extra);
        s.publishExample(example);
        return s;
    }

    /** A new open volume holding one text file; returns its id. */
    public String volumeWithText(String token, String file, String text) {
        String vol = api.post("/api/volumes", token, Map.of("name", file)).json().path("id").asText();
        Api.Response up = api.put("/api/volumes/" + vol + "/files/" + file, token,
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (up.status() / 100 != 2) {
            throw new AssertionError("upload failed: " + up.body());
        }
        return vol;
    }

    /** Submits a job of the example {@code sh} service with input {@code in}; the answer as it came. */
    public Api.Response submitSh(String token, Map<String, Object> in, String script) {
        return api.post("/api/jobs", token, Map.of("service", "sh", "inputs", Map.of("in", in), "parameters",
                Map.of("script", script)));
    }

    /** The stored log of a job, as text. */
    public String logOf(String token, JsonNode job) {
        return api.get("/api/jobs/" + job.path("id").asText() + "/logs?format=text", token).body();
    }

    /** A new volume holding every file under {@code dir} at the same relative paths; returns its id. */
    public String volumeWith(String token, Path dir) throws IOException {
        String vol = api.post("/api/volumes", token, Map.of("name", dir.getFileName().toString())).json()
                .path("id").asText();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Api.Response up = api.put("/api/volumes/" + vol + "/files/" + dir.relativize(f), token,
                        Files.readAllBytes(f));
                if (up.status() / 100 != 2) {
                    throw new AssertionError("upload failed: " + up.body());
                }
            }
        }
        return vol;
    }

    /**
     * A finished job's provenance envelope. It is signed just after the job's end becomes visible, so a 404 right
     * then is retried for a few seconds.
     */
    public JsonNode provenance(String token, String jobId) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            Api.Response r = api.get("/api/jobs/" + jobId + "/provenance", token);
            if (r.status() != 404) {
                return r.json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " has no provenance");
    }

    /** Waits for a job to end; returns it. */
    public JsonNode awaitJob(String token, String id) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonNode j = api.get("/api/jobs/" + id, token).json();
            if (List.of("COMPLETE", "EXECUTOR_ERROR", "SYSTEM_ERROR", "CANCELED").contains(j.path("state").asText())) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not end");
    }

    public byte[] download(String token, String volume, String path) {
        return api.getBytes("/api/volumes/" + volume + "/files/" + path, token);
    }

    @Override
    public void close() {
        gef.close();
    }
}
