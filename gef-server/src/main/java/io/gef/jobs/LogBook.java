package io.gef.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gef.store.JsonCodec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored job logs: one JSON line per printed line under {@code <data>/jobs/<id>/log.jsonl}. A job's log is capped
 * so a runaway tool cannot fill the disk; past the cap one marker line says how much was dropped.
 */
final class LogBook {
    private static final ObjectMapper JSON = JsonCodec.mapper();
    private final Path root;
    private final long maxBytes;

    LogBook(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
    }

    /**
     * Opens the log of a job for appending; one writer per run. A log a previous process wrote is continued: its
     * sequence numbers go on, and a last line cut short by a crash is dropped (the container's own log still has
     * it, and a re-attached run reads it again).
     */
    Writer open(String jobId) {
        try {
            Path dir = root.resolve(jobId);
            Files.createDirectories(dir);
            Path file = dir.resolve("log.jsonl");
            dropPartialLastLine(file);
            List<LogLine> stored = read(jobId);
            Writer w = new Writer(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
            for (LogLine l : stored) {
                w.seq = l.seq();
                w.bytes += JSON.writeValueAsString(l).length() + 1;
                if ("stderr".equals(l.stream())) {
                    w.storedErr++;
                } else {
                    w.storedOut++;
                }
            }
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log of " + jobId, e);
        }
    }

    private static void dropPartialLastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long keep = size;
            var one = java.nio.ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                ch.truncate(keep);
            }
        }
    }

    List<LogLine> read(String jobId) {
        List<LogLine> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(root.resolve(jobId).resolve("log.jsonl"))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                out.add(JSON.readValue(l, LogLine.class));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + jobId, e);
        }
        return out;
    }

    /** Appends lines of one run; not shared between threads of different jobs. */
    final class Writer implements AutoCloseable {
        private final BufferedWriter out;
        private long seq;
        private long bytes;
        private long dropped;
        private long storedOut;
        private long storedErr;
        private long appendedOut;
        private long appendedErr;

        private Writer(BufferedWriter out) {
            this.out = out;
        }

        /** Stores the line and returns it with its sequence number, or null once the cap is reached. */
        synchronized LogLine append(String stream, String line) {
            if (bytes + line.length() > maxBytes) {
                dropped++;
                return null;
            }
            LogLine l = new LogLine(++seq, stream, line);
            try {
                String json = JSON.writeValueAsString(l);
                out.write(json);
                out.write('\n');
                out.flush();
                bytes += json.length() + 1;
                if ("stderr".equals(stream)) {
                    appendedErr++;
                } else {
                    appendedOut++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a job log", e);
            }
            return l;
        }

        /** Lines of {@code stream} ("stdout"/"stderr") a previous writer stored before this one opened. */
        long stored(String stream) {
            return "stderr".equals(stream) ? storedErr : storedOut;
        }

        /** Lines of {@code stream} stored so far, by previous writers and this one. */
        synchronized long lines(String stream) {
            return "stderr".equals(stream) ? storedErr + appendedErr : storedOut + appendedOut;
        }

        @Override
        public synchronized void close() {
            try {
                if (dropped > 0) {
                    out.write(JSON.writeValueAsString(new LogLine(++seq, "stderr",
                            "[gef] log cap of " + maxBytes + " bytes reached; " + dropped + " lines dropped")));
                    out.write('\n');
                }
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close a job log", e);
            }
        }
    }
}
