package io.gef.engine;

import io.gef.config.ConfigException;
import io.gef.config.GefConfig;
import io.gef.registry.RegistryClient;
import io.gef.registry.RegistryTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a {@link ContainerRunner} behaves on its engine.
 *
 * @param instanceId       value of the {@code gef.instance} label on every container this server creates; must be
 *                         stable across restarts (reconciliation finds leftovers by it) and distinct per server
 *                         sharing an engine
 * @param registryHost     the trusted registry ({@code host:port}); images from anywhere else are refused
 * @param registryUsername for pulls, or empty
 * @param registryPassword for pulls, or empty
 * @param pullTimeout      bound on one image pull
 * @param registryTokens   GEF's minter of registry tokens when the registry uses token auth: each pull gets a
 *                         pull-only token for its repository; empty: the username and password above, if any
 * @param faults           what runs do when their engine stops answering mid-job
 */
public record RunnerSettings(String instanceId, String registryHost, Optional<String> registryUsername,
                             Optional<String> registryPassword, Duration pullTimeout,
                             Optional<RegistryTokens> registryTokens, EngineFaults faults) {
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public RunnerSettings {
        if (instanceId == null || !LABEL_VALUE.matcher(instanceId).matches()) {
            throw new ConfigException("gef.instance.id must be 1-128 letters, digits, '_', '.' or '-', got '"
                    + instanceId + "'");
        }
        Objects.requireNonNull(registryHost, "registryHost");
        registryUsername = Objects.requireNonNullElse(registryUsername, Optional.empty());
        registryPassword = Objects.requireNonNullElse(registryPassword, Optional.empty());
        registryTokens = Objects.requireNonNullElse(registryTokens, Optional.empty());
        faults = Objects.requireNonNullElse(faults, EngineFaults.DEFAULT);
        if (pullTimeout == null || pullTimeout.isNegative() || pullTimeout.isZero()) {
            throw new ConfigException("gef.engine.pull-timeout-seconds must be positive");
        }
    }

    public static RunnerSettings of(String instanceId, String registryHost) {
        return new RunnerSettings(instanceId, registryHost, Optional.empty(), Optional.empty(),
                Duration.ofMinutes(10), Optional.empty(), EngineFaults.DEFAULT);
    }

    /** The same settings pulling with tokens of {@code tokens} (tests against a registry of their own). */
    public RunnerSettings withTokens(RegistryTokens tokens) {
        return new RunnerSettings(instanceId, registryHost, registryUsername, registryPassword, pullTimeout,
                Optional.of(tokens), faults);
    }

    /** The same settings with {@code f} for engine faults. */
    public RunnerSettings withFaults(EngineFaults f) {
        return new RunnerSettings(instanceId, registryHost, registryUsername, registryPassword, pullTimeout,
                registryTokens, f);
    }

    /**
     * From {@code gef.instance.id} (blank = derived from the data directory, which is stable across restarts and
     * differs between servers on one host), {@code gef.registry.*} and {@code gef.engine.pull-timeout-seconds}.
     */
    public static RunnerSettings fromConfig(GefConfig config) {
        String id = config.optional("gef.instance.id").orElseGet(() -> "gef-" + RegistryClient
                .sha256(config.dataDir().toString().getBytes(StandardCharsets.UTF_8)).substring(7, 19));
        String host = URI.create(config.get("gef.registry.url")).getAuthority();
        return new RunnerSettings(id, host, config.optional("gef.registry.username"),
                config.optional("gef.registry.password"),
                Duration.ofSeconds(config.getLong("gef.engine.pull-timeout-seconds")), registryTokens(config),
                EngineFaults.fromConfig(config));
    }

    /**
     * GEF's registry token minter from {@code gef.registry.token-key} and {@code -cert} (both or neither), with
     * {@code gef.registry.token-issuer} and {@code -service}; empty when they are not set.
     *
     * @throws ConfigException naming the key whose file is missing or unreadable
     */
    public static Optional<RegistryTokens> registryTokens(GefConfig config) {
        Optional<String> key = config.optional("gef.registry.token-key");
        Optional<String> cert = config.optional("gef.registry.token-cert");
        if (key.isEmpty() && cert.isEmpty()) {
            return Optional.empty();
        }
        if (key.isEmpty() || cert.isEmpty()) {
            throw new ConfigException("gef.registry.token-key and gef.registry.token-cert are set together");
        }
        try {
            return Optional.of(RegistryTokens.load(Path.of(key.get()), Path.of(cert.get()),
                    config.get("gef.registry.token-issuer"), config.get("gef.registry.token-service"),
                    java.time.Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("gef.registry.token-key/-cert: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "RunnerSettings[instanceId=" + instanceId + ", registryHost=" + registryHost + ", registryUsername="
                + registryUsername.orElse("") + ", registryPassword=" + (registryPassword.isPresent() ? "***" : "")
                + ", pullTimeout=" + pullTimeout + ", registryTokens=" + registryTokens.isPresent() + ", faults=" + faults
                + "]";
    }
}
