package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real plain-HTTP server on loopback, which the rules here allow (an admin's choice). */
class UrlFetcherTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private String base;
    private final byte[] data = "hello, staged world\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/data", ex -> {
            ex.sendResponseHeaders(200, data.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(data);
            }
        });
        server.createContext("/chunked", ex -> { // no Content-Length: the cap must hold while streaming
            ex.sendResponseHeaders(200, 0);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(data);
            }
        });
        server.createContext("/hop", ex -> {
            int n = Integer.parseInt(ex.getRequestURI().getQuery());
            ex.getResponseHeaders().add("Location", n == 0 ? "/data" : "/hop?" + (n - 1));
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/file-redirect", ex -> {
            ex.getResponseHeaders().add("Location", "file:///etc/passwd");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static UrlFetcher fetcher(long maxBytes) {
        return new UrlFetcher(new FetchRules(Set.of("127.0.0.1"), List.of("127.0.0.1/32"), Optional.empty(), maxBytes,
                Duration.ofSeconds(10), 3));
    }

    @Test
    void fetch_storesTheBytesAndTheirSha256() throws Exception {
        List<Long> progress = new ArrayList<>();
        var f = fetcher(1 << 20).fetch(base + "/data", dir.resolve("in.txt"), progress::add);
        assertThat(Files.readAllBytes(dir.resolve("in.txt"))).isEqualTo(data);
        assertThat(f.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        assertThat(f.bytes()).isEqualTo(data.length);
        assertThat(progress).as("final progress report").last().isEqualTo((long) data.length);
    }

    @Test
    void fetch_intoASinkThatWrapsReadFailures_stillReportsTheLimit() {
        // a volume store turns a failing body into its own error; the user must still hear about the limit
        assertThatThrownBy(() -> fetcher(1000).fetch(base + "/chunked", b -> { }, body -> {
            try {
                body.transferTo(OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("upload interrupted", e);
            }
        })).isInstanceOf(UrlFetcher.FetchException.class).hasMessageContaining("limit");
    }

    @Test
    void fetch_intoASink_hashesWhatTheSinkRead() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        var f = fetcher(1 << 20).fetch(base + "/data", b -> { }, body -> body.transferTo(out));
        assertThat(out.toByteArray()).as("bytes the sink got").isEqualTo(data);
        assertThat(f.sha256()).as("sha256").isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(data)));
    }

    @Test
    void fetch_followsRedirectsUpToTheLimit() throws Exception {
        var f = fetcher(1 << 20).fetch(base + "/hop?2", dir.resolve("in.txt"), b -> { });
        assertThat(f.finalUrl()).endsWith("/data");
    }

    @Test
    void fetch_withTooManyRedirects_failsAndLeavesNoFile() {
        assertThatThrownBy(() -> fetcher(1 << 20).fetch(base + "/hop?5", dir.resolve("in.txt"), b -> { }))
                .isInstanceOf(UrlFetcher.FetchException.class).hasMessageContaining("redirected more than 3");
        assertThat(dir.resolve("in.txt")).doesNotExist();
    }

    @Test
    void fetch_redirectToFileScheme_isRefused() {
        assertThatThrownBy(() -> fetcher(1 << 20).fetch(base + "/file-redirect", dir.resolve("in.txt"), b -> { }))
                .isInstanceOf(UrlFetcher.FetchException.class);
        assertThat(dir.resolve("in.txt")).doesNotExist();
    }

    @Test
    void fetch_overTheSizeCapWithoutContentLength_failsAndLeavesNoPartialFile() throws Exception {
        assertThatThrownBy(() -> fetcher(1000).fetch(base + "/chunked", dir.resolve("in.txt"), b -> { }))
                .isInstanceOf(UrlFetcher.FetchException.class).hasMessageContaining("limit");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("no file, no temp file").isEmpty();
        }
    }

    @Test
    void fetch_overTheSizeCapByContentLength_failsBeforeReading() {
        assertThatThrownBy(() -> fetcher(1000).fetch(base + "/data", dir.resolve("in.txt"), b -> { }))
                .isInstanceOf(UrlFetcher.FetchException.class).hasMessageContaining("over the size limit of 1000 bytes");
    }

    @Test
    void fetch_404_failsNamingTheStatus() {
        assertThatThrownBy(() -> fetcher(1000).fetch(base + "/missing", dir.resolve("in.txt"), b -> { }))
                .isInstanceOf(UrlFetcher.FetchException.class).hasMessageContaining("404");
    }
}
