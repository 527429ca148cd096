package io.gef.testing;

import io.gef.registry.RegistryClient;
import io.gef.registry.RegistryTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registry of its own for a test, started exactly as {@code ./gef up} starts the trusted one: Debian's
 * {@code docker-registry} with the repository's {@code registry-policy/registry/config.yml} (token auth), on a free
 * loopback port, its token key and certificate made by {@code openssl}. Stopped by its own process handle.
 */
public final class TokenRegistry implements AutoCloseable {
    public final Path dir;
    public final Path key;
    public final Path cert;
    public final String host;
    private final Process process;

    public TokenRegistry(Path dir, String realm) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        this.key = dir.resolve("token-key.pem");
        this.cert = dir.resolve("token-cert.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj",
                "/CN=gef-registry-token"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        this.host = "127.0.0.1:" + port;
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/docker-registry", "serve",
                GefServer.REPO.resolve("registry-policy/registry/config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile());
        pb.environment().putAll(Map.of("REGISTRY_HTTP_ADDR", host,
                "REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", dir.resolve("storage").toString(),
                "REGISTRY_AUTH_TOKEN_ROOTCERTBUNDLE", cert.toString(), "REGISTRY_AUTH_TOKEN_REALM", realm));
        process = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 120; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("registry did not start, see " + dir.resolve("registry.log"));
    }

    /** GEF's minter for this registry (what {@code gef.registry.token-key}/{@code -cert} give the server). */
    public RegistryTokens tokens() {
        return RegistryTokens.load(key, cert, "gef", "gef-registry", Clock.systemUTC());
    }

    /** A client holding GEF's key: it may read and push, as the server may. */
    public RegistryClient client() {
        return new RegistryClient("http://" + host, Optional.empty(), Optional.empty(), Optional.of(tokens()));
    }

    /** The server configuration keys that point GEF at this registry. */
    public Map<String, String> serverConfig() {
        return Map.of("gef.registry.url", "http://" + host, "gef.registry.token-key", key.toString(),
                "gef.registry.token-cert", cert.toString());
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
