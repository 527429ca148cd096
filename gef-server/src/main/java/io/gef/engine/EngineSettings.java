package io.gef.engine;

import io.gef.config.ConfigException;
import io.gef.config.GefConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One Docker engine as configured: where it is, how to reach it, what it is for and how many jobs it takes.
 * {@link #fromConfig} validates every engine at start-up; each failure names the key.
 *
 * @param name              unique name, recorded on every job that runs there
 * @param endpoint          {@code unix:///path.sock} or {@code tcp://host:port}
 * @param tlsDir            for {@code tcp://}: a directory with {@code ca.pem}, {@code cert.pem}, {@code key.pem}
 * @param labels            free labels an admin sees (site, storage, ...)
 * @param maxConcurrentJobs jobs running at once there; 0 = the engine's CPU count, asked when it first answers
 * @param sharesServerFiles whether the engine's host sees the server's data directory at the same paths (the
 *                          local engine, or a host mounting it): only then may it bind-mount local volumes
 * @param swarm             present for {@code type=swarm}: the endpoint is a swarm manager and jobs become Swarm
 *                          services (docs/swarm.md)
 */
public record EngineSettings(String name, String endpoint, Optional<Path> tlsDir, Map<String, String> labels,
                             int maxConcurrentJobs, boolean sharesServerFiles, Optional<SwarmSettings> swarm) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    public EngineSettings {
        labels = Map.copyOf(labels);
    }

    /** A plain Docker engine. */
    public EngineSettings(String name, String endpoint, Optional<Path> tlsDir, Map<String, String> labels,
                          int maxConcurrentJobs, boolean sharesServerFiles) {
        this(name, endpoint, tlsDir, labels, maxConcurrentJobs, sharesServerFiles, Optional.empty());
    }

    /** The embedded default: the engine of {@code gef.docker.host}, named {@code gef.engine.name}. */
    public static EngineSettings local(GefConfig config) {
        String name = config.get("gef.engine.name");
        String endpoint = config.get("gef.docker.host");
        return new EngineSettings(name, checkedEndpoint("gef.docker.host", endpoint, Optional.empty()),
                Optional.empty(), Map.of(), positive("gef.jobs.concurrency", config.getInt("gef.jobs.concurrency")),
                true);
    }

    /** The local engine first, then every engine of {@code gef.engines}, validated. */
    public static List<EngineSettings> fromConfig(GefConfig config) {
        List<EngineSettings> all = new ArrayList<>(List.of(local(config)));
        var names = new HashSet<>(List.of(all.getFirst().name()));
        for (String name : GefConfig.engineNames(config.get(GefConfig.ENGINES))) {
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(GefConfig.ENGINES + ": engine name '" + name + "' must be 1-63 lower-case"
                        + " letters, digits, '_' or '-'");
            }
            if (!names.add(name)) {
                throw new ConfigException(GefConfig.ENGINES + ": engine name '" + name + "' is used twice"
                        + " (gef.engine.name is '" + all.getFirst().name() + "')");
            }
            all.add(of(config, name));
        }
        return List.copyOf(all);
    }

    private static EngineSettings of(GefConfig config, String name) {
        String prefix = GefConfig.ENGINES + "." + name + ".";
        String endpoint = config.optional(prefix + "endpoint").orElseThrow(() -> new ConfigException(
                prefix + "endpoint is required for engine '" + name + "' (unix:///path.sock or tcp://host:port)"));
        Optional<Path> tls = config.optional(prefix + "tls-dir").map(Path::of);
        checkedEndpoint(prefix + "endpoint", endpoint, tls);
        tls.ifPresent(dir -> TLS_FILES.forEach(f -> {
            if (!Files.isReadable(dir.resolve(f))) {
                throw new ConfigException(prefix + "tls-dir: missing or unreadable " + dir.resolve(f));
            }
        }));
        int max = config.optional(prefix + "max-concurrent-jobs").map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(prefix + "max-concurrent-jobs must be a whole number, got '" + v + "'");
            }
        }).orElse(0);
        if (max < 0) {
            throw new ConfigException(prefix + "max-concurrent-jobs must be 0 (the engine's CPUs) or more");
        }
        boolean shares = config.optional(prefix + "shares-server-files").map(v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(prefix + "shares-server-files must be true or false, got '" + v
                    + "'");
        }).orElse(false);
        Optional<SwarmSettings> swarm = switch (config.optional(prefix + "type").orElse("docker")) {
            case "docker" -> Optional.empty();
            case "swarm" -> Optional.of(SwarmSettings.of(config, prefix));
            case String other -> throw new ConfigException(prefix + "type must be docker or swarm, got '" + other
                    + "'");
        };
        return new EngineSettings(name, endpoint, tls, labels(prefix + "labels",
                config.optional(prefix + "labels").orElse("")), max, shares, swarm);
    }

    private static String checkedEndpoint(String key, String endpoint, Optional<Path> tls) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " is not a URI: '" + endpoint + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "unix" -> {
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new ConfigException(key + " must name a socket: unix:///path.sock, got '" + endpoint + "'");
                }
            }
            case "tcp" -> {
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new ConfigException(key + " must be tcp://host:port, got '" + endpoint + "'");
                }
                if (tls.isEmpty() && key.startsWith(GefConfig.ENGINES + ".")) {
                    throw new ConfigException(key.replace(".endpoint", ".tls-dir") + " is required for a tcp://"
                            + " engine: its client certificate (ca.pem, cert.pem, key.pem)");
                }
            }
            default -> throw new ConfigException(key + ": unknown scheme '" + scheme + "' in '" + endpoint
                    + "' (use unix:// or tcp://)");
        }
        return endpoint;
    }

    private static Map<String, String> labels(String key, String list) {
        var m = new LinkedHashMap<String, String>();
        for (String pair : list.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(key + " must be key=value pairs separated by commas, got '" + pair + "'");
            }
            m.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return m;
    }

    private static int positive(String key, int v) {
        if (v < 1) {
            throw new ConfigException(key + " must be at least 1, got " + v);
        }
        return v;
    }
}
