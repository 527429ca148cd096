package io.gef.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The real server as its own operating-system process, started from the shaded jar the build just made, so tests
 * can kill it for real ({@code kill -9}) and start it again on the same data directory, port and instance id.
 * Its output goes to {@code data/server.log}.
 */
public final class ServerProcess implements AutoCloseable {
    private final Path data;
    private final Path config;
    private final int port;
    public final String namespace;
    public final String instanceId;
    public final Api api;
    private Process process;
    private int starts;

    public ServerProcess(Path data, Map<String, String> extra) {
        this.data = data;
        this.namespace = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        this.instanceId = "gef-" + namespace;
        this.port = freePort();
        this.config = data.resolve("gef.properties");
        try {
            Files.createDirectories(data);
            String policy = Files.readString(GefServer.REPO.resolve("registry-policy/policies/default.yaml"))
                    .replace("127.0.0.1:5000/gef", GefServer.REGISTRY + "/" + namespace);
            Files.writeString(data.resolve("policy.yaml"), policy);
            Map<String, String> cfg = new TreeMap<>(Map.of("gef.data.dir", data.toString(), "gef.http.host",
                    "127.0.0.1", "gef.http.port", Integer.toString(port), "gef.registry.namespace", namespace,
                    "gef.policy.file", data.resolve("policy.yaml").toString(), "gef.instance.id", instanceId));
            cfg.put("gef.registry.url", "http://" + GefServer.REGISTRY);
            cfg.putAll(extra);
            StringBuilder props = new StringBuilder();
            cfg.forEach((k, v) -> props.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
            Files.writeString(config, props);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.api = new Api(port);
    }

    /** Starts the server and waits until {@code /api/health} answers. */
    public ServerProcess start() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = data.resolve("server.log");
        // the server's own JVM options, as ./gef starts it; then the caller's, which win
        var cmd = new ArrayList<>(List.of(java, "@" + GefServer.REPO.resolve("gef-server/jvm.options")));
        // e.g. -XX:StartFlightRecording=filename=/tmp/gef.jfr to profile the server under a benchmark
        String opts = System.getenv("GEF_SERVER_JVM_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar().toString(), "serve", "--config", config.toString()));
        var builder = new ProcessBuilder(cmd);
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // as ./gef: fewer glibc arenas, less resident memory
        process = builder
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        starts++;
        for (int i = 0; i < 600; i++) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (api.get("/api/health", null).status() > 0) {
                    return this;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not answer within 60 s; see " + log);
    }

    /** A real {@code kill -9} of the server process, then waits for it to be gone. */
    public void kill9() throws IOException, InterruptedException {
        long pid = process.pid();
        int rc = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new AssertionError("kill -9 " + pid + " exited " + rc);
        }
        process.waitFor();
    }

    /** A graceful stop (SIGTERM, the server's shutdown hook runs), then waits for the process to be gone. */
    public void terminate() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    public long pid() {
        return process.pid();
    }

    public String adminToken() throws IOException {
        return Files.readString(data.resolve("admin.token")).trim();
    }

    public int port() {
        return port;
    }

    public int starts() {
        return starts;
    }

    public Path data() {
        return data;
    }

    private static Path jar() throws IOException {
        try (Stream<Path> jars = Files.list(GefServer.REPO.resolve("gef-server/target"))) {
            return jars.filter(p -> p.getFileName().toString().endsWith("-all.jar"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no gef-server *-all.jar: run mvn package first"));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
