package io.gef.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The token file {@code gef login} writes: directory mode 700, file mode 600, replaced atomically. */
final class SavedToken {
    private SavedToken() {
    }

    static void save(Path file, String token) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        // created with 600 before the token is written, so it is never readable by others, not even briefly
        Path tmp = Files.createTempFile(dir, ".token", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** True if there was a file to delete. */
    static boolean delete(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }
}
