package io.gef.jobs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Stages a URL input into a file. The URL comes from a user, so every hop is checked before it is connected to:
 * https only (plain http only to hosts an admin allowed), never from https down to http, the host resolved once and
 * refused when any address is internal ({@link AddressGuard}), and the connection made to exactly the addresses
 * checked (a second, rebinding DNS answer is never asked for). TLS is verified (the JDK's CAs plus an optional
 * configured PEM, never relaxed), at most {@code maxRedirects} redirects, at most {@code maxBytes} (checked while
 * streaming, whatever Content-Length said) within the time limit; sha256 computed on the way. Each refusal names
 * the rule or the limit. The body goes to a {@link Sink} (a write into a volume) or to a file, which appears only
 * when complete.
 */
final class UrlFetcher {
    private final OkHttpClient http;
    private final FetchRules rules;
    private final AddressGuard guard;
    private final Resolver resolver;

    /** Name lookup; tests answer with chosen addresses to play a hostile DNS. */
    @FunctionalInterface
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    UrlFetcher(FetchRules rules) {
        this(rules, rules.guard(), host -> List.of(InetAddress.getAllByName(host)));
    }

    UrlFetcher(FetchRules rules, AddressGuard guard, Resolver resolver) {
        this.rules = rules;
        this.guard = guard;
        this.resolver = resolver;
        // redirects are followed by hand so each hop is checked and counted; no proxy may connect on our behalf
        OkHttpClient.Builder b = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
                .proxy(Proxy.NO_PROXY).connectTimeout(Duration.ofSeconds(10)).readTimeout(rules.timeout())
                .callTimeout(rules.timeout());
        FetchTls.of(rules.trustPem()).ifPresent(t -> b.sslSocketFactory(t.context().getSocketFactory(), t.trust()));
        this.http = b.build();
    }

    /** What was fetched. */
    record Fetched(long bytes, String sha256, String finalUrl) {
    }

    /** Fetch failed or was refused for a reason the user can act on (the job ends EXECUTOR_ERROR, reason INPUT). */
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

    /**
     * The checks a fetch of {@code url} makes before connecting, made now (when the job is submitted, so a refused
     * URL stores nothing); the fetch resolves and checks again. A host that does not resolve is refused too: odd
     * spellings of addresses ({@code 0x7f000001}) must not pass now and be read differently later.
     */
    void check(String url) throws FetchException {
        HttpUrl u = parse(url);
        requireScheme(u, null);
        try {
            pinned(u);
        } catch (UnknownHostException e) {
            throw new FetchException(u.host() + " does not resolve; fetching from it is refused");
        }
    }

    /** Fetches into the file {@code target}. */
    Fetched fetch(String url, Path target, LongConsumer progress) throws IOException {
        return fetch(url, progress, body -> {
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

    Fetched fetch(String url, LongConsumer progress, Sink sink) throws IOException {
        HttpUrl current = parse(url);
        HttpUrl previous = null;
        for (int hop = 0; hop <= rules.maxRedirects(); hop++) {
            requireScheme(current, previous);
            List<InetAddress> addresses;
            try {
                addresses = pinned(current);
            } catch (UnknownHostException e) {
                throw new FetchException(current.host() + " does not resolve");
            }
            String host = current.host();
            OkHttpClient client = http.newBuilder().dns(h -> {
                if (!h.equalsIgnoreCase(host)) {
                    throw new UnknownHostException(h + " was not checked");
                }
                return addresses;
            }).build();
            try (Response r = client.newCall(new Request.Builder().url(current).get().build()).execute()) {
                if (r.isRedirect()) {
                    String loc = r.header("Location");
                    HttpUrl next = loc == null ? null : current.resolve(loc);
                    if (next == null) {
                        throw new FetchException(current + " redirected to an invalid or non-http(s) location");
                    }
                    previous = current;
                    current = next;
                    continue;
                }
                if (!r.isSuccessful()) {
                    throw new FetchException(current + " answered HTTP " + r.code());
                }
                ResponseBody body = r.body();
                if (body.contentLength() > rules.maxBytes()) {
                    throw new FetchException(current + " is " + body.contentLength() + " bytes, over the size limit"
                            + " of " + rules.maxBytes() + " bytes");
                }
                return copy(new Counted(body.byteStream(), rules, progress, current.toString()), sink);
            } catch (InterruptedIOException e) {
                throw timedOut(current.toString());
            }
        }
        throw new FetchException(url + " redirected more than " + rules.maxRedirects() + " times");
    }

    private FetchException timedOut(String url) {
        return new FetchException(url + " did not arrive within the time limit of " + rules.timeout().toSeconds()
                + " s");
    }

    private static HttpUrl parse(String url) throws FetchException {
        HttpUrl u = url == null ? null : HttpUrl.parse(url);
        if (u == null) {
            throw new FetchException("not a valid http(s) URL: " + url);
        }
        return u;
    }

    private void requireScheme(HttpUrl u, HttpUrl from) throws FetchException {
        if (from != null && from.isHttps() && !u.isHttps()) {
            throw new FetchException(from + " redirected from https to plain http (" + u + "), which is refused");
        }
        if (!u.isHttps() && !rules.httpAllowed(u.host())) {
            throw new FetchException(u + ": plain http is refused; use https (an admin may allow http for a host"
                    + " with gef.fetch.http-hosts)");
        }
    }

    /** The host's addresses, resolved once; refused when any of them is internal. */
    private List<InetAddress> pinned(HttpUrl u) throws UnknownHostException, FetchException {
        List<InetAddress> all = resolver.resolve(u.host());
        if (all.isEmpty()) {
            throw new UnknownHostException(u.host());
        }
        for (InetAddress a : all) {
            String why = guard.refusal(a);
            if (why != null) {
                throw new FetchException(u.host() + " resolves to " + a.getHostAddress() + ", " + why
                        + "; fetching from it is refused (an admin may allow a range with gef.fetch.allow-networks)");
            }
        }
        return all;
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

        private final long timeoutSeconds;

        Counted(InputStream in, FetchRules rules, LongConsumer progress, String from) {
            super(in);
            this.maxBytes = rules.maxBytes();
            this.timeoutSeconds = rules.timeout().toSeconds();
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
            } catch (InterruptedIOException e) {
                failure = new FetchException(from + " did not arrive within the time limit of " + timeoutSeconds
                        + " s");
                throw failure;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                total += n;
                if (total > maxBytes) {
                    failure = new FetchException(from + " sent more than the size limit of " + maxBytes + " bytes");
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
