package io.gef.testing;

import io.gef.engine.RunnerSettings;
import io.gef.registry.RegistryClient;
import io.gef.registry.RegistryTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The trusted registry the tests share ({@code -Dgef.registry}, default {@code 127.0.0.1:5000}). It takes only
 * tokens signed by its key; {@code ./gef test} exports where that key is ({@code GEF_REGISTRY_TOKEN_KEY} and
 * {@code GEF_REGISTRY_TOKEN_CERT}), and tests that read or push it directly mint their tokens with it, as GEF does.
 * Without them (a registry without auth) everything here is anonymous.
 */
public final class SharedRegistry {
    public static final String HOST = GefServer.REGISTRY;

    private SharedRegistry() {
    }

    public static Optional<RegistryTokens> tokens() {
        String key = System.getenv("GEF_REGISTRY_TOKEN_KEY");
        String cert = System.getenv("GEF_REGISTRY_TOKEN_CERT");
        if (key == null || key.isBlank() || cert == null || cert.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(RegistryTokens.load(Path.of(key), Path.of(cert), "gef", "gef-registry",
                Clock.systemUTC()));
    }

    /** A client that may read and push, as the server's own. */
    public static RegistryClient client() {
        return new RegistryClient("http://" + HOST, Optional.empty(), Optional.empty(), tokens());
    }

    /** Runner settings pulling with pull-only tokens, as the server's runners do. */
    public static RunnerSettings runner(String instanceId) {
        RunnerSettings s = RunnerSettings.of(instanceId, HOST);
        return tokens().map(s::withTokens).orElse(s);
    }

    /**
     * A docker CLI config directory ({@code DOCKER_CONFIG}) holding a token for {@code repository} (push and pull,
     * or pull only), for a test that runs {@code docker push}/{@code pull} as an operator holding the key would;
     * empty without a key.
     */
    public static Optional<Path> dockerConfig(Path dir, String repository, boolean push) throws IOException {
        Optional<RegistryTokens> t = tokens();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"" + HOST + "\":{\"registrytoken\":\""
                + (push ? t.get().push(repository) : t.get().pull(repository)) + "\"}}}");
        return Optional.of(dir);
    }
}
