package io.gef.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the CLI reads from or writes to its surroundings, so tests can give it a fake environment and home
 * and capture its output instead of mutating the real process.
 *
 * @param env  environment variables ({@code GEF_URL}, {@code GEF_TOKEN}, {@code XDG_CONFIG_HOME})
 * @param home the user's home directory (for {@code ~/.config/gef/token})
 * @param cwd  where relative local paths are resolved
 */
record CliEnv(Map<String, String> env, Path home, Path cwd, InputStream in, PrintStream out, PrintStream err) {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    static CliEnv system() {
        return new CliEnv(System.getenv(), Path.of(System.getProperty("user.home")),
                Path.of("").toAbsolutePath(), System.in, System.out, System.err);
    }

    String get(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** {@code $XDG_CONFIG_HOME/gef/token}, else {@code ~/.config/gef/token}: where {@code gef login} saves. */
    Path savedTokenFile() {
        String xdg = get("XDG_CONFIG_HOME");
        Path config = xdg != null ? Path.of(xdg) : home.resolve(".config");
        return config.resolve("gef").resolve("token");
    }

    Path local(String path) {
        return cwd.resolve(path);
    }
}
