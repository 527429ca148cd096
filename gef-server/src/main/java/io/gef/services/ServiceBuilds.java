package io.gef.services;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import io.gef.audit.AuditLog;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishing builds: {@link #submit} stores the uploaded context and answers at once; one build runs at a time in
 * the background (builds are heavy). Builds are their publisher's: another user's build answers 404.
 */
public final class ServiceBuilds implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceBuilds.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Sql sql;
    private final Publisher publisher;
    private final Path dir;
    private final Clock clock;
    private final AuditLog audit;
    private final Map<String, BuildLog> logs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gef-builds");
        t.setDaemon(true);
        return t;
    });

    private final long maxContextBytes;

    ServiceBuilds(Sql sql, Publisher publisher, Path dir, Clock clock, AuditLog audit, long maxContextBytes) {
        this.maxContextBytes = maxContextBytes;
        this.audit = audit;
        this.sql = sql;
        this.publisher = publisher;
        this.dir = dir;
        this.clock = clock;
    }

    /** Accepts a build context (.tar, .tar.gz) or a {@code docker save} tarball; the build runs asynchronously. */
    public Build submit(Caller caller, InputStream body) {
        caller.require(Role.PUBLISHER);
        String id = "bld-" + HexFormat.of().formatHex(random(10));
        Path tar = dir.resolve(id + ".tar");
        long n;
        try {
            Files.createDirectories(dir);
            n = store(body, tar, maxContextBytes);
            if (n == 0) {
                throw new GefException(ErrorCode.EMPTY_CONTEXT,
                        "the request body must be a .tar or .tar.gz build context");
            }
            if (!isTar(tar)) {
                throw new GefException(ErrorCode.BAD_CONTEXT, "the body is neither a tar nor a gzip-compressed tar");
            }
        } catch (IOException e) {
            deleteQuietly(tar);
            throw new GefException(ErrorCode.BAD_CONTEXT, "could not read the build context: " + e.getMessage());
        } catch (RuntimeException e) {
            deleteQuietly(tar);
            throw e;
        }
        Build b = new Build(id, caller.id(), Build.State.QUEUED, clock.instant());
        sql.update("INSERT INTO service_builds(id, owner_id, created_at, doc) VALUES (?,?,?,?)", id, caller.id(),
                b.createdAt(), JsonCodec.write(b));
        audit.record(caller, "service.build-submitted", id, Map.of("contextBytes", n));
        BuildLog buildLog = new BuildLog();
        logs.put(id, buildLog);
        worker.submit(() -> run(b, tar, buildLog));
        return b;
    }

    /**
     * Builds a previous process accepted (202) but did not finish: each runs again from its stored context
     * (publishing is idempotent: the same content gives UNCHANGED), or fails saying why when the context is gone.
     * An explicit start-up step.
     */
    public void resume() {
        List<Build> unfinished = sql.list("SELECT doc FROM service_builds ORDER BY created_at",
                rs -> JsonCodec.read(rs.getString(1), Build.class)).stream().filter(b -> !b.state().isTerminal())
                .toList();
        for (Build b : unfinished) {
            Path tar = dir.resolve(b.id() + ".tar");
            if (Files.isRegularFile(tar)) {
                log.info("build {} was interrupted by a restart; running it again", b.id());
                BuildLog buildLog = new BuildLog();
                buildLog.add("the server restarted during this build; running it again");
                logs.put(b.id(), buildLog);
                worker.submit(() -> run(b, tar, buildLog));
            } else {
                save(b.failed(null, "the server restarted during this build and its context is gone; publish"
                        + " again", clock.instant()));
            }
        }
    }

    private void run(Build queued, Path tar, BuildLog buildLog) {
        Build b = save(queued.running());
        try {
            b = save(publisher.publish(b, tar, buildLog, this::save));
        } catch (Exception e) {
            log.warn("build {} failed", b.id(), e);
            buildLog.add("failed: " + e.getMessage());
            b = save(b.failed(null, "the build failed: " + e.getMessage(), clock.instant()));
        } finally {
            deleteQuietly(tar);
            buildLog.end();
        }
    }

    private Build save(Build b) {
        sql.update("UPDATE service_builds SET doc = ? WHERE id = ?", JsonCodec.write(b), b.id());
        return b;
    }

    public Build get(Caller caller, String id) {
        return sql.one("SELECT doc FROM service_builds WHERE id = ?", rs -> JsonCodec.read(rs.getString(1),
                Build.class), id).filter(b -> caller.canSee(b.owner()))
                .orElseThrow(() -> new GefException(ErrorCode.BUILD_NOT_FOUND, "no build " + id));
    }

    /** The lines printed so far (empty once the server restarted: logs are kept in memory). */
    public List<String> log(Caller caller, String id) {
        get(caller, id);
        BuildLog l = logs.get(id);
        return l == null ? List.of() : l.from(0);
    }

    /** Streams the log until the build ends or {@code sink} returns false. */
    public void follow(Caller caller, String id, Predicate<String> sink) throws InterruptedException {
        get(caller, id);
        BuildLog l = logs.get(id);
        if (l == null) {
            return;
        }
        int next = 0;
        while (true) {
            boolean fresh = l.await(next, 15_000);
            for (String line : l.from(next)) {
                if (!sink.test(line)) {
                    return;
                }
                next++;
            }
            if (!fresh && l.ended()) {
                return;
            }
        }
    }

    private static long store(InputStream body, Path tar, long max) throws IOException {
        BufferedInputStream in = new BufferedInputStream(body);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        InputStream src = gzip ? new GZIPInputStream(in) : in;
        Path tmp = tar.resolveSibling(tar.getFileName() + ".part");
        try (InputStream limited = new LimitedInputStream(src, max)) {
            long n = Files.copy(limited, tmp, StandardCopyOption.REPLACE_EXISTING);
            // on the device before the 202: a build accepted and then interrupted by a crash runs again from it
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, tar, StandardCopyOption.ATOMIC_MOVE);
            io.gef.store.DurableFiles.syncDirectory(tar.getParent());
            return n;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean isTar(Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = in.readNBytes(512);
            return header.length == 512 && new String(header, 257, 5, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("ustar");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Refuses contexts past the cap while streaming them. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private final long max;
        private long left;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            left -= n;
            if (left < 0) {
                throw new GefException(ErrorCode.CONTEXT_TOO_LARGE, "the build context is larger than "
                        + max + " bytes (gef.build.max-context-bytes)");
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
