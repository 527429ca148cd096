package io.gef.server;

import io.gef.config.ConfigException;
import io.gef.config.GefConfig;
import io.gef.http.Https;
import io.gef.jobs.FetchRules;
import io.gef.services.BuildLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Settings read from the configuration for {@link Gef}, each refused with the key that is wrong. */
final class ConfigParts {
    private ConfigParts() {
    }

    static List<Path> tesAllowedDirs(GefConfig config) {
        return java.util.Arrays.stream(config.get("gef.tes.allowed-dirs").split(",")).map(String::trim)
                .filter(d -> !d.isEmpty()).map(Path::of).toList();
    }

    static FetchRules fetchRules(GefConfig config) {
        try {
            return FetchRules.of(config.get("gef.fetch.http-hosts"), config.get("gef.fetch.allow-networks"),
                    config.get("gef.fetch.trust-pem"), config.getLong("gef.jobs.max-url-bytes"),
                    config.getLong("gef.fetch.timeout-seconds"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("gef.fetch.*: " + e.getMessage());
        }
    }

    /** HTTPS when {@code gef.http.tls-cert} and {@code gef.http.tls-key} are set (both or neither). */
    static java.util.Optional<Https> https(GefConfig config) {
        var cert = config.optional("gef.http.tls-cert");
        var key = config.optional("gef.http.tls-key");
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException("gef.http.tls-cert and gef.http.tls-key are set together");
        }
        return cert.map(c -> new Https(Path.of(c), Path.of(key.get()), config.get("gef.http.host"),
                config.getInt("gef.http.port")));
    }

    static BuildLimits buildLimits(GefConfig config) {
        try {
            return new BuildLimits(config.get("gef.build.network"), config.getLong("gef.build.memory-mb"),
                    config.getInt("gef.build.cpus"), Duration.ofSeconds(config.getLong("gef.build.timeout-seconds")),
                    config.getLong("gef.build.max-context-bytes"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Plain http only to a registry on loopback: elsewhere its tokens and images would cross the network bare. */
    static String registryUrl(GefConfig config) {
        String url = config.get("gef.registry.url");
        String host = java.net.URI.create(url).getHost();
        if (url.startsWith("http://") && !(host != null && (host.equals("localhost") || host.startsWith("127.")
                || host.equals("[::1]") || host.equals("::1")))) {
            throw new ConfigException("gef.registry.url " + url + " is plain http to a registry that is not on"
                    + " loopback: give it TLS and an https:// URL (docs/security.md)");
        }
        return url;
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
