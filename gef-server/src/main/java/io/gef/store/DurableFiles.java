package io.gef.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Files the server keeps for itself (its key, the admin token), replaced so that a crash at any moment leaves
 * either the old content or the new, whole and on the device: temp file, fsync, rename, fsync of the directory.
 */
public final class DurableFiles {
    private DurableFiles() {
    }

    /** Writes {@code bytes} to {@code file} atomically and durably, readable only as {@code permissions} say. */
    public static void write(Path file, byte[] bytes, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, permissions);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                var buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes a rename or creation in {@code dir} durable (Linux lets a directory be opened and forced). */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
