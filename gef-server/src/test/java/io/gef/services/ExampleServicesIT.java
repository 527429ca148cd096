package io.gef.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gef.registry.RegistryClient;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import io.gef.testing.RemappedEngine;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example services, published through the real API of a real server into the real registry, then each run
 * as a job on its test input: the whole path from Dockerfile labels to output volume. Four are shaped like the
 * original EUDAT GEF's images (free-text names, 1-based numbering, root under a private /root, shell-form CMD,
 * ENTRYPOINT script): they need uid 0 in a remapped user namespace, so this server uses a remapping engine
 * ({@link RemappedEngine}). Requests name inputs by display name, as a user reading the catalog would.
 */
class ExampleServicesIT {
    static final Path IMAGES = GefServer.REPO.resolve("service-images");
    static final List<String> EXAMPLES = List.of("wordcount", "checksum", "grep", "compress", "sh", "sh2",
            "gef-legacy-example", "clone", "cdo-demo", "nltk-pos-tagging", "nco-lib");
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path data;
    static GefServer server;
    static Map<String, JsonNode> builds = new TreeMap<>();

    @BeforeAll
    static void publishAll() throws Exception {
        server = new GefServer(data, Map.of("gef.docker.host", RemappedEngine.host()));
        for (String name : EXAMPLES) {
            builds.put(name, server.publish(GefServer.context(IMAGES.resolve(name))));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<String> examples() {
        return EXAMPLES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void example_isPublished_withTheRegistrysDigest(String name) throws Exception {
        JsonNode b = builds.get(name);
        assertThat(b.path("state").asText()).as(b.toString()).isEqualTo("SUCCEEDED");
        assertThat(b.path("outcome").asText()).isEqualTo("PUBLISHED");
        JsonNode v = server.api.get("/api/services/" + name, server.admin).json().path("versions").get(0);
        String version = v.path("version").asText();
        HttpResponse<Void> head;
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + GefServer.REGISTRY + "/v2/"
                            + server.namespace + "/" + name + "/manifests/" + version))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", RegistryClient.DOCKER_V2).header("Accept", RegistryClient.OCI_V1);
            io.gef.testing.SharedRegistry.tokens().ifPresent(t -> req.header("Authorization", "Bearer "
                    + t.pull(server.namespace + "/" + name)));
            head = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
        }
        assertThat(v.path("digest").asText()).as("catalog digest = registry Docker-Content-Digest")
                .isEqualTo(head.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    @Test
    void catalog_listsTheExamples_withTypedInterfacesFromTheirLabels() {
        JsonNode services = server.api.get("/api/services", server.admin).json().path("services");
        List<String> names = new ArrayList<>();
        services.forEach(s -> names.add(s.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(EXAMPLES);
        JsonNode grep = server.api.get("/api/services?q=grep", server.admin).json().path("services").get(0);
        assertThat(grep.path("parameters").toString()).contains("\"name\":\"pattern\"", "\"type\":\"string\"",
                "\"required\":true", "\"type\":\"bool\"", "\"type\":\"enum\"", "\"values\":[\"lines\",\"count\"]");
        assertThat(grep.path("inputs").get(0).path("path").asText()).isEqualTo("/data/in");
        assertThat(grep.path("outputs").get(0).path("name").asText()).isEqualTo("matches");
        JsonNode legacy = server.api.get("/api/services?q=legacy", server.admin).json().path("services").get(0);
        assertThat(legacy.path("inputs").get(0).path("type").asText()).isEqualTo("string");
        JsonNode nltk = server.api.get("/api/services?q=pos-tagging", server.admin).json().path("services").get(0);
        assertThat(nltk.path("name").asText()).isEqualTo("nltk-pos-tagging");
        assertThat(nltk.path("displayName").asText()).isEqualTo("NLTK POS-tagging");
        assertThat(nltk.path("inputs").findValuesAsText("name"))
                .containsExactly("first-input-directory", "second-input-directory");
        assertThat(nltk.path("inputs").findValuesAsText("displayName"))
                .containsExactly("First Input Directory", "Second Input Directory");
        assertThat(nltk.path("outputs").get(0).path("path").asText()).isEqualTo("/root/output");
    }

    @Test
    void anOriginalImage_runsAsRemappedRoot_andItsOutputsBelongToTheRemappedUidOnTheHost() throws Exception {
        String vol = server.volumeWith(server.admin, IMAGES.resolve("clone/test/input"));
        Api.Response submitted = server.api.post("/api/jobs", server.admin, Map.of("service", "clone",
                "inputs", Map.of("input-directory", Map.of("volume", vol))));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonNode job = server.awaitJob(server.admin, submitted.json().path("id").asText());
        String id = job.path("id").asText();
        assertThat(job.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(server.api.get("/api/jobs/" + id + "/logs?format=text", server.admin).body())
                .contains("as uid 0 from /root");
        JsonNode user = null;
        for (JsonNode e : server.api.get("/api/jobs/" + id + "/events", server.admin).json().path("events")) {
            if (e.path("type").asText().equals("user")) {
                user = e;
            }
        }
        assertThat(user).as("the user event").isNotNull();
        assertThat(user.toString()).contains("\"user\":\"0:0\"").contains("remapped");
        long hostUid = user.path("data").path("hostUid").asLong();
        assertThat(hostUid).as("an unprivileged host uid").isGreaterThanOrEqualTo(65536);
        String outVol = job.path("outputs").get(0).path("volumeId").asText();
        try (Stream<Path> files = Files.walk(data.resolve("volumes"))) {
            Path written = files.filter(f -> f.getFileName().toString().equals("notes.txt")
                    && f.toString().contains(outVol)).findFirst().orElseThrow();
            // sealing hands outputs to the server afterwards; the log above says who wrote them
            assertThat(Files.readString(written)).isEqualTo("first line\nsecond line\n");
        }
    }

    @Test
    void laterOriginalKeys_publishWithWarnings_andAnotherServicesIdIsRefused() throws Exception {
        Path copy = Files.createTempDirectory(data, "warn");
        Files.writeString(copy.resolve("Dockerfile"), Files.readString(IMAGES.resolve("clone/Dockerfile"))
                .replace("\"Clone\"", "\"Clone Later\"")
                + "LABEL \"eudat.gef.service.input_directory.path\"=\"/input_directory\"\n");
        Files.copy(IMAGES.resolve("clone/clone"), copy.resolve("clone"));
        JsonNode b = server.publish(GefServer.context(copy));
        assertThat(b.path("outcome").asText()).as(b.toString()).isEqualTo("PUBLISHED");
        assertThat(b.path("service").asText()).isEqualTo("clone-later");
        assertThat(b.path("displayName").asText()).isEqualTo("Clone Later");
        assertThat(b.path("warnings").get(0).asText()).startsWith("eudat.gef.service.input_directory.path");

        Files.writeString(copy.resolve("Dockerfile"), Files.readString(IMAGES.resolve("clone/Dockerfile"))
                .replace("\"Clone\"", "\"CLONE\"").replace("\"0.1\"", "\"0.2\""));
        JsonNode taken = server.publish(GefServer.context(copy));
        assertThat(taken.path("state").asText()).isEqualTo("FAILED");
        assertThat(taken.path("error").asText()).as(taken.toString())
                .contains("eudat.gef.service.name 'CLONE' gives the id 'clone', which service 'Clone' already has");
        assertThat(server.api.delete("/api/services/clone-later/versions/0.1", server.admin).status())
                .as("hidden again, so the catalog lists exactly the examples").isEqualTo(204);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void example_runsAsAJob_onItsTestInput_andProducesTheExpectedOutput(String name) throws Exception {
        Path dir = IMAGES.resolve(name);
        JsonNode spec = null;
        for (JsonNode s : server.api.get("/api/services", server.admin).json().path("services")) {
            if (s.path("name").asText().equals(name)) {
                spec = s;
            }
        }
        assertThat(spec).as("catalog entry of " + name).isNotNull();
        Map<String, Object> inputs = new TreeMap<>();
        for (JsonNode in : spec.path("inputs")) {
            // one folder per input under test/inputs/<id>, or test/input for a service with one input
            Path folder = Files.isDirectory(dir.resolve("test/inputs")) ? dir.resolve("test/inputs")
                    .resolve(in.path("name").asText()) : dir.resolve("test/input");
            inputs.put(in.path("displayName").asText(), Map.of("volume", server.volumeWith(server.admin, folder)));
        }
        Map<?, ?> params = JSON.readValue(dir.resolve("test/parameters.json").toFile(), Map.class);
        Api.Response submitted = server.api.post("/api/jobs", server.admin, Map.of("service", name,
                "inputs", inputs, "parameters", params));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonNode job = server.awaitJob(server.admin, submitted.json().path("id").asText());
        String log = server.api.get("/api/jobs/" + job.path("id").asText() + "/logs?format=text", server.admin)
                .body();
        assertThat(job.path("state").asText()).as(job + "\n" + log).isEqualTo("COMPLETE");
        assertThat(job.path("image").asText()).contains("@sha256:");
        String out = job.path("outputs").get(0).path("volumeId").asText();
        if (name.equals("compress")) {
            Map<String, String> unpacked = untar(server.download(server.admin, out, "bundle.tar.gz"));
            assertThat(unpacked).containsEntry("one.txt", "first file\n").containsEntry("two.txt", "second file\n");
            return;
        }
        try (Stream<Path> expected = Files.walk(dir.resolve("test/expected"))) {
            for (Path f : expected.filter(Files::isRegularFile).toList()) {
                String rel = dir.resolve("test/expected").relativize(f).toString();
                assertThat(new String(server.download(server.admin, out, rel))).as(name + " " + rel)
                        .isEqualTo(Files.readString(f));
            }
        }
    }

    @Test
    void republishing_identicalContentIsUnchanged_otherContentIsAConflict() throws Exception {
        JsonNode same = server.publish(GefServer.context(IMAGES.resolve("checksum")));
        assertThat(same.path("outcome").asText()).as(same.toString()).isEqualTo("UNCHANGED");
        String digestBefore = io.gef.testing.SharedRegistry.client()
                .resolve(server.namespace + "/checksum", "1.0");

        Path changed = Files.createTempDirectory(data, "changed");
        for (String f : List.of("Dockerfile", "run.sh")) {
            Files.copy(IMAGES.resolve("checksum").resolve(f), changed.resolve(f));
        }
        Files.writeString(changed.resolve("run.sh"), "\necho changed\n", java.nio.file.StandardOpenOption.APPEND);
        JsonNode other = server.publish(GefServer.context(changed));
        assertThat(other.path("state").asText()).isEqualTo("FAILED");
        assertThat(other.path("outcome").asText()).isEqualTo("CONFLICT");
        assertThat(io.gef.testing.SharedRegistry.client().resolve(server.namespace + "/checksum", "1.0"))
                .as("the published tag is not overwritten").isEqualTo(digestBefore);
    }

    @Test
    void anInputWithoutPath_failsTheBuildNamingTheLabel_andPushesNothing() throws Exception {
        Path bad = Files.createTempDirectory(data, "bad");
        Files.writeString(bad.resolve("Dockerfile"), """
                FROM 127.0.0.1:5000/gef/base:1
                LABEL eudat.gef.service.name="nopath" eudat.gef.service.version="1.0" \\
                      eudat.gef.service.input.0.name="data"
                """);
        JsonNode b = server.publish(GefServer.context(bad));
        assertThat(b.path("state").asText()).isEqualTo("FAILED");
        assertThat(b.path("error").asText()).contains("eudat.gef.service.input.0.path");
        assertThat(io.gef.testing.SharedRegistry.client().tags(server.namespace + "/nopath"))
                .as("nothing pushed").isEmpty();
    }

    @Test
    void publishing_needsThePublisherRole() {
        String user = server.api.post("/api/users", server.admin, Map.of("name", "plainuser", "roles",
                List.of("user"))).json().path("token").asText();
        Api.Response r = server.api.send(server.api.builder("/api/services/builds", user)
                .POST(HttpRequest.BodyPublishers.ofByteArray(GefServer.context(IMAGES.resolve("sh")))));
        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void publishing_asLooseMultipartFiles_buildsTheSameImage() throws Exception {
        String boundary = "gef-" + System.nanoTime();
        byte[] dockerfile = Files.readAllBytes(IMAGES.resolve("sh/Dockerfile"));
        var body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Dockerfile\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes());
        body.write(dockerfile);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes());
        Api.Response r = server.api.send(server.api.builder("/api/services/builds", server.admin)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        JsonNode b = null;
        for (int i = 0; i < 600; i++) {
            b = server.api.get("/api/services/builds/" + r.json().path("id").asText(), server.admin).json();
            if (b.path("state").asText().matches("SUCCEEDED|FAILED")) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(b.path("outcome").asText()).as(b.toString()).isEqualTo("UNCHANGED");
        assertThat(server.api.get("/api/services/builds/" + r.json().path("id").asText() + "/log", server.admin)
                .json().path("lines").toString()).contains("nothing pushed");
    }

    @Test
    void aDeprecatedVersion_isHiddenFromTheCatalog_butStillRunsByNameAndVersion() throws Exception {
        // its own copy under another name, so the shared examples stay listed for the other tests
        Path copy = Files.createTempDirectory(data, "old");
        Files.writeString(copy.resolve("Dockerfile"), Files.readString(IMAGES.resolve("gef-legacy-example/Dockerfile"))
                .replace("name=\"gef-legacy-example\"", "name=\"old-shouter\""));
        Files.copy(IMAGES.resolve("gef-legacy-example/run.sh"), copy.resolve("run.sh"));
        JsonNode b = server.publish(GefServer.context(copy));
        assertThat(b.path("outcome").asText()).as(b.toString()).isEqualTo("PUBLISHED");
        assertThat(server.api.delete("/api/services/old-shouter/versions/0.1", server.admin).status())
                .isEqualTo(204);
        assertThat(server.api.get("/api/services", server.admin).body()).doesNotContain("old-shouter");
        Api.Response byVersion = server.api.post("/api/jobs", server.admin, Map.of("service",
                "old-shouter:0.1", "inputs", Map.of("message", Map.of("content", "inline words\n"))));
        assertThat(byVersion.status()).as(byVersion.body()).isEqualTo(201);
        JsonNode job = server.awaitJob(server.admin, byVersion.json().path("id").asText());
        assertThat(job.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(job.path("inputs").get(0).path("kind").asText()).isEqualTo("content");
        assertThat(job.path("inputs").get(0).path("digest").asText()).as("inline input sealed").isNotBlank();
        assertThat(new String(server.download(server.admin, job.path("outputs").get(0).path("volumeId").asText(),
                "shout.txt"))).isEqualTo("INLINE WORDS\n");
        assertThat(server.api.post("/api/jobs", server.admin, Map.of("service", "old-shouter",
                "inputs", Map.of("message", Map.of("content", "x")))).status()).as("not by bare name").isEqualTo(400);
    }

    @Test
    void aDockerSaveTarball_publishesTheSameImage() throws Exception {
        String image = GefServer.REGISTRY + "/" + server.namespace + "/wordcount:1.0";
        Path tar = data.resolve("wordcount-save.tar");
        RemappedEngine.docker("save", "-o", tar.toString(), image);
        JsonNode b = server.publish(Files.readAllBytes(tar));
        assertThat(b.path("state").asText()).as(b.toString()).isEqualTo("SUCCEEDED");
        assertThat(b.path("outcome").asText()).isEqualTo("UNCHANGED");
    }

    @Test
    void anotherUsersBuild_isNotFound() {
        String bob = server.api.post("/api/users", server.admin, Map.of("name", "bobpub", "roles",
                List.of("publisher"))).json().path("token").asText();
        String id = builds.get("sh").path("id").asText();
        assertThat(server.api.get("/api/services/builds/" + id, bob).status()).isEqualTo(404);
        assertThat(server.api.get("/api/services/builds/" + id + "/log", bob).status()).isEqualTo(404);
        assertThat(server.api.get("/api/services/builds/" + id, server.admin).status()).isEqualTo(200);
    }

    static Map<String, String> untar(byte[] tgz) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var t = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                if (e.isFile()) {
                    out.put(e.getName().replaceFirst("^\\./", ""), new String(t.readAllBytes()));
                }
            }
        }
        return out;
    }
}
