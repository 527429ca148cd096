package io.gef.jobs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Stages a URL input into a file: TLS verified (OkHttp's defaults, never relaxed), at most {@code maxRedirects}
 * redirects and only to http(s), at most {@code maxBytes} (checked while streaming, whatever Content-Length said),
 * sha256 computed on the way. The body goes to a {@link Sink} (a write into a volume) or to a file, which appears
 * only when complete.
 */
final class UrlFetcher {
    private final OkHttpClient http;
    private final int maxRedirects;

    UrlFetcher(int maxRedirects, Duration timeout) {
        this.maxRedirects = maxRedirects;
        // redirects are followed by hand so each hop is checked and counted
        this.http = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
                .connectTimeout(Duration.ofSeconds(10)).readTimeout(timeout).callTimeout(Duration.ZERO).build();
    }

    /** What was fetched. */
    record Fetched(long bytes, String sha256, String finalUrl) {
    }

    /** Fetch failed for a reason the user can act on (the job ends EXECUTOR_ERROR with reason INPUT). */
    static final class FetchException extends IOException {
        FetchException(String message) {
            super(message);
        }
    }

    /** Takes the fetched body; it reads to the end (a read fails once the body passes the limit). */
    @FunctionalInterface
    interface Sink {
        void accept(InputStream body) throws IOException;
    }

    /** Fetches into the file {@code target}. */
    Fetched fetch(String url, Path target, long maxBytes, LongConsumer progress) throws IOException {
        return fetch(url, maxBytes, progress, body -> {
            Path tmp = Files.createTempFile(target.getParent(), ".fetch-", ".part");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    body.transferTo(out);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        });
    }

    Fetched fetch(String url, long maxBytes, LongConsumer progress, Sink sink) throws IOException {
        HttpUrl current = HttpUrl.parse(url);
        if (current == null) {
            throw new FetchException("not a valid http(s) URL: " + url);
        }
        for (int hop = 0; hop <= maxRedirects; hop++) {
            try (Response r = http.newCall(new Request.Builder().url(current).get().build()).execute()) {
                if (r.isRedirect()) {
                    String loc = r.header("Location");
                    HttpUrl next = loc == null ? null : current.resolve(loc);
                    if (next == null) {
                        throw new FetchException(current + " redirected to an invalid or non-http(s) location");
                    }
                    current = next;
                    continue;
                }
                if (!r.isSuccessful()) {
                    throw new FetchException(current + " answered HTTP " + r.code());
                }
                ResponseBody body = r.body();
                if (body.contentLength() > maxBytes) {
                    throw new FetchException(current + " is " + body.contentLength() + " bytes, over the limit of "
                            + maxBytes);
                }
                return copy(new Counted(body.byteStream(), maxBytes, progress, current.toString()), sink);
            }
        }
        throw new FetchException(url + " redirected more than " + maxRedirects + " times");
    }

    private static Fetched copy(Counted in, Sink sink) throws IOException {
        try {
            sink.accept(in);
        } catch (IOException | RuntimeException e) {
            // the sink may have wrapped a failure of reading the body (the limit, the network): report that one
            if (in.failure != null) {
                throw in.failure;
            }
            throw e;
        }
        in.progress.accept(in.total);
        return new Fetched(in.total, HexFormat.of().formatHex(in.sha.digest()), in.from);
    }

    /** Counts, hashes and limits what is read, reporting progress every 8 MiB. */
    private static final class Counted extends FilterInputStream {
        private final MessageDigest sha = sha256();
        private final long maxBytes;
        private final LongConsumer progress;
        private final String from;
        private long total;
        private long reported;
        private IOException failure;

        Counted(InputStream in, long maxBytes, LongConsumer progress, String from) {
            super(in);
            this.maxBytes = maxBytes;
            this.progress = progress;
            this.from = from;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                total += n;
                if (total > maxBytes) {
                    failure = new FetchException(from + " sent more than the limit of " + maxBytes + " bytes");
                    throw failure;
                }
                sha.update(b, off, n);
                if (total - reported >= (8 << 20)) {
                    progress.accept(total);
                    reported = total;
                }
            }
            return n;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
