package io.gef.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The server's configuration, frozen after start-up.
 *
 * <p>Sources, later ones winning: the embedded defaults ({@code gef-defaults.properties}), an optional file
 * ({@code --config FILE} or {@code GEF_CONFIG}), then environment variables named after the key in upper case with
 * dots and dashes as underscores ({@code gef.http.port} → {@code GEF_HTTP_PORT}). Every key is documented in
 * {@code docs/configuration.md}; an unknown key in a file is an error, so typos do not pass silently.
 */
public final class GefConfig {
    private final Map<String, String> values;

    private GefConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Defaults, then {@code file} (if present), then {@code env}. */
    public static GefConfig load(Optional<Path> file, Map<String, String> env) {
        Map<String, String> merged = new TreeMap<>(defaults());
        file.ifPresent(f -> {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f)) {
                p.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration file " + f + ": " + e.getMessage());
            }
            for (String key : p.stringPropertyNames()) {
                if (!merged.containsKey(key) && !isEngineKey(key)) {
                    throw new ConfigException("unknown configuration key '" + key + "' in " + f);
                }
                merged.put(key, p.getProperty(key).trim());
            }
        });
        for (String key : merged.keySet()) {
            String v = env.get(envName(key));
            if (v != null) {
                merged.put(key, v.trim());
            }
        }
        // keys of the engines named in gef.engines exist only once that list is known
        for (String name : engineNames(merged.get(ENGINES))) {
            for (String suffix : ENGINE_KEYS) {
                String key = ENGINES + "." + name + "." + suffix;
                String v = env.get(envName(key));
                if (v != null) {
                    merged.put(key, v.trim());
                }
            }
        }
        return new GefConfig(merged);
    }

    /** The key listing the engines besides the local one; each has the keys {@link #ENGINE_KEYS} below it. */
    public static final String ENGINES = "gef.engines";
    /** What each engine of {@code gef.engines} may set: {@code gef.engines.<name>.<key>}. */
    public static final List<String> ENGINE_KEYS = List.of("endpoint", "tls-dir", "labels",
            "max-concurrent-jobs", "shares-server-files", "type", "node-lost", "pool-min", "pool-max",
            "pool-queue-high-water", "pool-queue-low-water", "pool-sustain-seconds", "pool-scale-out-hook",
            "pool-scale-in-hook", "check-image");

    /** The names listed in {@code gef.engines}, in order, duplicates kept (validation names them). */
    public static List<String> engineNames(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).toList();
    }

    private static boolean isEngineKey(String key) {
        if (!key.startsWith(ENGINES + ".")) {
            return false;
        }
        String rest = key.substring(ENGINES.length() + 1);
        int dot = rest.lastIndexOf('.');
        return dot > 0 && ENGINE_KEYS.contains(rest.substring(dot + 1));
    }

    /** Defaults with a few keys replaced: for tests. */
    public static GefConfig of(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(defaults());
        overrides.forEach((k, v) -> {
            if (!merged.containsKey(k) && !isEngineKey(k)) {
                throw new ConfigException("unknown configuration key '" + k + "'");
            }
            merged.put(k, v);
        });
        return new GefConfig(merged);
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> defaults() {
        Properties p = new Properties();
        try (InputStream in = GefConfig.class.getResourceAsStream("/gef-defaults.properties")) {
            if (in == null) {
                throw new IllegalStateException("gef-defaults.properties missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        return m;
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new ConfigException("unknown configuration key '" + key + "'");
        }
        return v;
    }

    /** The value of a key that may be absent (an engine's own keys), blank when absent. */
    public Optional<String> optional(String key) {
        String v = isEngineKey(key) ? values.getOrDefault(key, "") : get(key);
        return v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + get(key) + "'");
        }
    }

    public long getLong(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, got '" + get(key) + "'");
        }
    }

    public boolean getBool(String key) {
        String v = get(key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(key + " must be true or false, got '" + v + "'");
        };
    }

    public Path dataDir() {
        return Path.of(get("gef.data.dir")).toAbsolutePath().normalize();
    }

    /** All effective values, for the start-up log. */
    public Map<String, String> asMap() {
        return values;
    }
}
