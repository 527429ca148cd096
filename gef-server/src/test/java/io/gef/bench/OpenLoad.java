package io.gef.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: {@code connections} keep-alive HTTP/1.1 connections, each sending on its own fixed
 * schedule (together {@code rps} requests a second), and every latency counts from the scheduled start, so a
 * stalled server shows up in the tail instead of slowing the load (no coordinated omission). Plain sockets rather
 * than an HTTP client library, so the generator's own cost stays far below the server's; Debian's wrk has no
 * fixed-rate mode.
 */
final class OpenLoad {
    private static final int CONNECTIONS = 25;

    private OpenLoad() {
    }

    record Result(List<Double> latencies, int errors, double achievedRps) {
    }

    /** GETs {@code path} on 127.0.0.1:{@code port} at {@code rps} for {@code seconds}. */
    static Result run(int port, String path, String token, int rps, int seconds) throws InterruptedException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long period = 1_000_000_000L * CONNECTIONS / rps;
        int perConnection = rps * seconds / CONNECTIONS;
        long start = System.nanoTime() + 50_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            long offset = period * c / CONNECTIONS;
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    for (int i = 0; i < perConnection; i++) {
                        long due = start + offset + i * period;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        out.write(request);
                        out.flush();
                        if (readResponse(in) == 200) {
                            latencies.add((System.nanoTime() - due) / 1e6);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double achieved = latencies.size() / ((System.nanoTime() - start) / 1e9);
        return new Result(latencies, errors.get(), achieved);
    }

    /** Reads one response (Content-Length or chunked body); returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long n = Long.parseLong(line(in).trim(), 16); n > 0; n = Long.parseLong(line(in).trim(), 16)) {
                in.skipNBytes(n);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            in.skipNBytes(length);
        }
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
