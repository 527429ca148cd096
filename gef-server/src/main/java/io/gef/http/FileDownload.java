package io.gef.http;

import io.gef.volumes.store.OpenFile;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpOutput;

/**
 * Sends one file of a volume or dataset: Content-Length, a single {@code Range} ({@code bytes=a-b}, {@code a-},
 * {@code -n}; 206 or 416), {@code ETag} = the sha256 when known, {@code If-None-Match}. Bytes go from the file
 * channel to the socket through memory-mapped slices (Jetty writes them without a copy into the Java heap), so a
 * download is never buffered whole and runs close to disk-cache speed.
 */
final class FileDownload {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final long SLICE = 64L << 20;

    private FileDownload() {
    }

    static void send(Context ctx, OpenFile f) throws IOException {
        send(ctx, f, false);
    }

    /**
     * As {@link #send(Context, OpenFile)}; with {@code preview} the file is shown inline by the GUI, so it is typed
     * as plain text (or as one of a few raster image types) and never as HTML, SVG or script. Every answer carries
     * {@code nosniff} and a {@code sandbox} policy: a file a job wrote can never run as a page of this origin, even
     * when opened directly.
     */
    static void send(Context ctx, OpenFile f, boolean preview) throws IOException {
        try (f) {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Content-Security-Policy", "sandbox; default-src 'none'");
            long size = f.size();
            String etag = f.sha256() == null ? null : "\"" + f.sha256() + "\"";
            ctx.header("Accept-Ranges", "bytes");
            ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    f.modified().atOffset(ZoneOffset.UTC)));
            if (etag != null) {
                ctx.header("ETag", etag);
                if (etag.equals(ctx.header("If-None-Match"))) {
                    ctx.status(304);
                    return;
                }
            }
            ctx.header("Content-Disposition", (preview ? "inline" : "attachment") + "; filename*=UTF-8''"
                    + URLEncoder.encode(f.name(), StandardCharsets.UTF_8).replace("+", "%20"));
            long start = 0;
            long end = size - 1;
            String range = ctx.header("Range");
            String ifRange = ctx.header("If-Range");
            boolean partial = range != null && (ifRange == null || ifRange.equals(etag));
            if (partial) {
                Matcher m = RANGE.matcher(range.strip());
                if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    partial = false; // multiple or malformed ranges: RFC 9110 lets us send the whole file
                } else {
                    try {
                        if (m.group(1).isEmpty()) {
                            start = Math.max(0, size - Long.parseLong(m.group(2)));
                        } else {
                            start = Long.parseLong(m.group(1));
                            end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                        }
                    } catch (NumberFormatException e) {
                        start = size; // absurdly large numbers: unsatisfiable
                    }
                    if (start >= size || start > end) {
                        ctx.status(416).header("Content-Range", "bytes */" + size);
                        ctx.res().setContentLengthLong(0);
                        return;
                    }
                    ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
                }
            }
            ctx.status(partial ? 206 : 200);
            String type = preview ? PreviewType.of(f.name()) : "application/octet-stream";
            ctx.res().setContentType(type);
            if (!type.startsWith("text/")) {
                ctx.res().setCharacterEncoding(null); // bytes, not text: no charset parameter
            }
            long length = size == 0 ? 0 : end - start + 1;
            ctx.res().setContentLengthLong(length);
            if (f.channel() == null) { // a file on another engine's host, streamed through its API
                var in = f.stream();
                in.skipNBytes(start);
                new java.io.BufferedInputStream(in, 1 << 16).transferTo(new LimitedOut(ctx.res().getOutputStream(),
                        length));
            } else {
                copy(f.channel(), start, length, ctx.res().getOutputStream());
            }
        }
    }

    private static void copy(FileChannel ch, long start, long length, OutputStream out) throws IOException {
        long pos = start;
        long left = length;
        if (out instanceof HttpOutput jetty) {
            while (left > 0) {
                long n = Math.min(SLICE, left);
                jetty.write(ch.map(FileChannel.MapMode.READ_ONLY, pos, n));
                pos += n;
                left -= n;
            }
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        while (left > 0) {
            buf.clear().limit((int) Math.min(buf.capacity(), left));
            int n = ch.read(buf, pos);
            if (n < 0) {
                break; // the file shrank under us; the client sees a short body, as with any truncated transfer
            }
            out.write(buf.array(), 0, n);
            pos += n;
            left -= n;
        }
    }

    /** Passes on the first {@code left} bytes and drops the rest (the end of a requested range). */
    private static final class LimitedOut extends java.io.FilterOutputStream {
        private long left;

        LimitedOut(OutputStream out, long left) {
            super(out);
            this.left = left;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            if (n > 0) {
                out.write(b, off, n);
                left -= n;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
