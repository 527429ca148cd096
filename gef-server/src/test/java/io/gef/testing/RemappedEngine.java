package io.gef.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A Docker engine that remaps user namespaces, for tests of images that run as root. The main engine when it
 * remaps (as the one {@code ./gef up}/{@code ./gef test} start does); else a private second engine started once
 * per test JVM by {@code .ci/userns-engine} (needs root) and stopped when the JVM exits.
 */
public final class RemappedEngine {
    public static final String MAIN = System.getenv().getOrDefault("GEF_DOCKER_HOST", "unix:///var/run/docker.sock");
    private static String host;

    private RemappedEngine() {
    }

    /** The engine's host, e.g. {@code unix:///tmp/gef-userns-…/docker.sock}; pulls the base image into it. */
    public static synchronized String host() {
        if (host == null) {
            host = remaps(MAIN) ? MAIN : startPrivate();
            // a pull-only token, as the server's engines get: the registry answers nobody without one
            try {
                var config = SharedRegistry.dockerConfig(java.nio.file.Files.createTempDirectory("gef-pull-"),
                        "gef/base", false);
                run(config.map(d -> java.util.Map.of("DOCKER_CONFIG", d.toString())).orElse(java.util.Map.of()),
                        "/usr/bin/docker", "-H", host, "pull", GefServer.REGISTRY + "/gef/base:1");
            } catch (IOException e) {
                throw new IllegalStateException("cannot write a docker config for the pull", e);
            }
        }
        return host;
    }

    static boolean remaps(String engine) {
        return run("/usr/bin/docker", "-H", engine, "info", "--format", "{{.SecurityOptions}}").contains("name=userns");
    }

    /** Runs {@code docker -H <host> args…} and returns its output; fails the test when it fails. */
    public static String docker(String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "/usr/bin/docker";
        cmd[1] = "-H";
        cmd[2] = host();
        System.arraycopy(args, 0, cmd, 3, args.length);
        return run(cmd);
    }

    private static String startPrivate() {
        // short and per checkout: a unix socket path has at most 107 bytes, and parallel checkouts must not share
        Path dir = Path.of("/tmp", "gef-userns-" + Integer.toHexString(GefServer.REPO.toString().hashCode()));
        String script = GefServer.REPO.resolve(".ci/userns-engine").toString();
        String started = run(script, "start", dir.toString()).strip();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run(script, "stop", dir.toString())));
        return started;
    }

    private static String run(String... cmd) {
        return run(java.util.Map.of(), cmd);
    }

    private static String run(java.util.Map<String, String> env, String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
