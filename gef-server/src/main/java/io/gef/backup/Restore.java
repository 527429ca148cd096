package io.gef.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a {@link Backup} onto a fresh data directory, with the server stopped: the database from {@code db.zip},
 * the data directory, the policy file as {@code policy.yaml} in it, and the registry's storage into {@code
 * registryDir} (default: {@code <data>/registry}). Refuses a data directory that already holds a database, so a
 * restore never mixes two states.
 */
public final class Restore {
    private Restore() {
    }

    /** What was restored, for the command's report. */
    public record Report(int files, boolean registry, boolean policy) {
    }

    public static Report run(Path backupTar, Path dataDir, Optional<Path> registryDir) throws IOException {
        if (Files.exists(dataDir.resolve("db/gef.mv.db"))) {
            throw new IOException(dataDir + " already holds a database: restore only onto a fresh data directory");
        }
        Files.createDirectories(dataDir);
        Path registry = registryDir.orElse(dataDir.resolve("registry"));
        int files = 0;
        boolean sawRegistry = false;
        boolean sawPolicy = false;
        try (InputStream raw = Files.newInputStream(backupTar); TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                Path target;
                if (name.equals("db.zip")) {
                    unzip(tar, Files.createDirectories(dataDir.resolve("db")));
                    files++;
                    continue;
                } else if (name.equals("policy.yaml")) {
                    target = dataDir.resolve("policy.yaml");
                    sawPolicy = true;
                } else if (name.startsWith("data/")) {
                    target = inside(dataDir, name.substring("data/".length()));
                } else if (name.startsWith("registry/")) {
                    target = inside(registry, name.substring("registry/".length()));
                    sawRegistry = true;
                } else {
                    throw new IOException("not a GEF backup: unexpected entry " + name);
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setLastModifiedTime(target, e.getLastModifiedTime()); // volume indexes compare mtimes
                    files++;
                }
            }
        }
        keysPrivate(dataDir.resolve("keys"));
        return new Report(files, sawRegistry, sawPolicy);
    }

    /** H2's BACKUP TO writes a zip of the database file(s); they go back where the server opens them. */
    private static void unzip(InputStream in, Path dbDir) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        ZipEntry z;
        while ((z = zip.getNextEntry()) != null) {
            if (!z.isDirectory()) {
                Files.copy(zip, inside(dbDir, Path.of(z.getName()).getFileName().toString()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** A tar entry never writes outside its root ("../" in a crafted backup). */
    private static Path inside(Path root, String relative) throws IOException {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root.normalize())) {
            throw new IOException("backup entry escapes its folder: " + relative);
        }
        return p;
    }

    private static void keysPrivate(Path keys) throws IOException {
        if (!Files.isDirectory(keys)) {
            return;
        }
        try (Stream<Path> s = Files.list(keys)) {
            for (Path k : s.toList()) {
                Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }
}
