package io.gef.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
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
 * sha256 computed on the way. The file appears at {@code target} only when complete.
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

    Fetched fetch(String url, Path target, long maxBytes, LongConsumer progress) throws IOException {
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
                return copy(body.byteStream(), target, maxBytes, progress, current.toString());
            }
        }
        throw new FetchException(url + " redirected more than " + maxRedirects + " times");
    }

    private static Fetched copy(InputStream in, Path target, long maxBytes, LongConsumer progress, String from)
            throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".fetch-", ".part");
        try {
            MessageDigest sha = sha256();
            long total = 0;
            long reported = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                byte[] buf = new byte[1 << 16];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    total += n;
                    if (total > maxBytes) {
                        throw new FetchException(from + " sent more than the limit of " + maxBytes + " bytes");
                    }
                    out.write(buf, 0, n);
                    if (total - reported >= (8 << 20)) {
                        progress.accept(total);
                        reported = total;
                    }
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            progress.accept(total);
            return new Fetched(total, HexFormat.of().formatHex(sha.digest()), from);
        } finally {
            Files.deleteIfExists(tmp);
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
