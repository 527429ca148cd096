package io.gef.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns the byte chunks of one output stream into lines. Docker frames do not align with lines (the json-file
 * driver splits long lines into 16 KiB partial messages), so bytes are buffered until '\n'; a line longer than
 * {@code maxLineBytes} is emitted in pieces so one job cannot make the server buffer without bound.
 * Not thread-safe: one instance per stream, fed from one thread.
 */
final class LineSplitter {
    private final int maxLineBytes;
    private final Consumer<String> sink;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineSplitter(int maxLineBytes, Consumer<String> sink) {
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
    }

    void accept(byte[] bytes) {
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, from, i - from);
                emit();
                from = i + 1;
            } else if (pending.size() + (i + 1 - from) >= maxLineBytes) {
                pending.write(bytes, from, i + 1 - from);
                emit();
                from = i + 1;
            }
        }
        pending.write(bytes, from, bytes.length - from);
    }

    /** Emits a last line that had no terminator. */
    void flush() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        sink.accept(line);
    }
}
