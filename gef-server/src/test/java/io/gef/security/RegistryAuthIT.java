package io.gef.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.registry.RegistryTokens;
import io.gef.testing.GefServer;
import io.gef.testing.TokenRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trusted registry takes writes only from GEF: a registry of its own, started from the repository's config
 * (token auth), refuses anonymous reads, pushes and deletes and pull-only or foreign tokens' writes with 401,
 * while a GEF server holding the token key publishes into it and its engine pulls from it with a pull-only token.
 */
class RegistryAuthIT {
    private static final String ZERO = "sha256:" + "0".repeat(64);
    @TempDir
    static Path dir;
    static TokenRegistry registry;
    static GefServer server;
    static String repo;
    static String digest;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        registry = new TokenRegistry(dir.resolve("registry"), "http://127.0.0.1:1/api/registry/token");
        server = new GefServer(dir.resolve("gef"), registry.serverConfig());
        JsonNode build = server.publishExample("sh");
        repo = server.namespace + "/sh";
        digest = build.path("digest").asText();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void anonymous_readsPushesAndDeletes_are401() throws Exception {
        assertThat(status("GET", "/v2/", null)).as("ping").isEqualTo(401);
        assertThat(status("GET", "/v2/_catalog", null)).as("catalog").isEqualTo(401);
        assertThat(status("GET", "/v2/" + repo + "/manifests/1.0", null)).as("read a manifest").isEqualTo(401);
        assertThat(status("POST", "/v2/" + repo + "/blobs/uploads/", null)).as("start a push").isEqualTo(401);
        assertThat(status("PUT", "/v2/" + repo + "/manifests/1.0", null)).as("overwrite a tag").isEqualTo(401);
        assertThat(status("DELETE", "/v2/" + repo + "/manifests/" + digest, null)).as("delete").isEqualTo(401);
        assertThat(registry.client().resolve(repo, "1.0")).as("still published, unchanged").isEqualTo(digest);
    }

    @Test
    void pullOnlyTokens_read_butCannotPushOrDelete() throws Exception {
        String pull = registry.tokens().pull(repo);
        assertThat(status("GET", "/v2/" + repo + "/manifests/" + digest, pull)).as("pull").isEqualTo(200);
        assertThat(status("POST", "/v2/" + repo + "/blobs/uploads/", pull)).as("push").isEqualTo(401);
        assertThat(status("DELETE", "/v2/" + repo + "/manifests/" + digest, pull)).as("delete").isEqualTo(401);
        assertThat(status("GET", "/v2/" + server.namespace + "/other/manifests/1", pull)).as("other repository")
                .isEqualTo(401);
    }

    @Test
    void gefsTokenRealm_givesSignedInUsersPullOnlyTokens_andAnonymousNone() throws Exception {
        String alice = server.newUser("realm-alice");
        String path = "/api/registry/token?service=gef-registry&scope=repository:" + repo + ":pull,push,delete";
        assertThat(realm(path, null).statusCode()).as("anonymous").isEqualTo(401);
        assertThat(realm(path, "x:not-a-token").statusCode()).as("bad password").isEqualTo(401);
        HttpResponse<String> r = realm(path, "alice:" + alice);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String token = server.api.mapper().readTree(r.body()).path("token").asText();
        assertThat(status("GET", "/v2/" + repo + "/manifests/" + digest, token)).as("pull").isEqualTo(200);
        assertThat(status("POST", "/v2/" + repo + "/blobs/uploads/", token)).as("push").isEqualTo(401);
        assertThat(status("DELETE", "/v2/" + repo + "/manifests/" + digest, token)).as("delete").isEqualTo(401);
    }

    private HttpResponse<String> realm(String path, String basic) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.gef.port() + path));
        if (basic != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(basic.getBytes()));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void gefNeverGrantsDelete_evenWhenAsked() throws Exception {
        String asked = registry.tokens().mint("gef", List.of("repository:" + repo + ":pull,push,delete"),
                RegistryTokens.PULL_PUSH);
        assertThat(status("DELETE", "/v2/" + repo + "/manifests/" + ZERO, asked)).isEqualTo(401);
        String star = registry.tokens().mint("gef", List.of("repository:" + repo + ":*"), RegistryTokens.PULL_PUSH);
        assertThat(status("DELETE", "/v2/" + repo + "/manifests/" + ZERO, star)).isEqualTo(401);
    }

    @Test
    void tokensOfAnotherKey_are401() throws Exception {
        try (TokenRegistry other = new TokenRegistry(dir.resolve("other"), "http://127.0.0.1:1/token")) {
            RegistryTokens foreign = RegistryTokens.load(other.key, other.cert, "gef", "gef-registry",
                    Clock.systemUTC());
            assertThat(status("GET", "/v2/" + repo + "/manifests/" + digest, foreign.pull(repo))).isEqualTo(401);
            assertThat(status("POST", "/v2/" + repo + "/blobs/uploads/", foreign.push(repo))).isEqualTo(401);
        }
    }

    @Test
    void aJob_pullsThePublishedImageWithAPullOnlyToken_andCompletes() throws Exception {
        // the engine has the image from the push: drop our references so the job must pull it from the registry
        docker("rmi", registry.host + "/" + repo + ":1.0");
        docker("rmi", registry.host + "/" + repo + "@" + digest);
        assertThat(docker("image", "inspect", "-f", "{{.Id}}", registry.host + "/" + repo + "@" + digest))
                .as("gone from the engine").doesNotStartWith("sha256:");
        String alice = server.newUser("alice");
        String vol = server.volumeWithText(alice, "input.txt", "hello");
        var r = server.submitSh(alice, Map.of("volume", vol), "wc -c < /data/in/input.txt > /data/out/n");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode job = server.awaitJob(alice, r.json().path("id").asText());
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("COMPLETE");
        assertThat(docker("image", "inspect", "-f", "{{.Id}}", registry.host + "/" + repo + "@" + digest))
                .as("pulled again by digest").startsWith("sha256:");
    }

    private int status(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + registry.host + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }
}
