package io.gef.volumes.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 helpers; uploads are hashed while they stream to disk so a file is never read twice. */
final class Hashing {
    static final int BUFFER = 1 << 20;

    private Hashing() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** Thrown by {@link #copy} when more than the allowed bytes arrive. */
    static final class LimitExceeded extends IOException {
        LimitExceeded() {
            super("limit exceeded");
        }
    }

    /** Thrown by {@link #copy} when reading the source (the client's upload) fails, as opposed to the disk. */
    static final class SourceFailed extends IOException {
        SourceFailed(IOException cause) {
            super("reading the upload failed", cause);
        }
    }

    /**
     * Copies {@code in} into a new file {@code target}, hashing on the way, and forces it to disk before returning;
     * stops with {@link LimitExceeded} once more than {@code limit} bytes arrived.
     */
    static FileEntry copy(InputStream in, Path target, long limit, String path) throws IOException {
        MessageDigest md = sha256();
        long total = 0;
        byte[] buf = new byte[BUFFER];
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = readSome(in, buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw new LimitExceeded();
                }
                md.update(buf, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            }
            out.force(true);
        }
        return new FileEntry(path, total, hex(md.digest()));
    }

    private static int readSome(InputStream in, byte[] buf) throws SourceFailed {
        try {
            return in.readNBytes(buf, 0, buf.length);
        } catch (IOException e) {
            throw new SourceFailed(e);
        }
    }

    static String sha256Of(Path file) throws IOException {
        MessageDigest md = sha256();
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf.clear()) >= 0) {
                md.update(buf.flip());
            }
        }
        return hex(md.digest());
    }
}
