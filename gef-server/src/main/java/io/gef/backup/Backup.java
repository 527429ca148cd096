package io.gef.backup;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the server's state as one tar, online. Entries: {@code db.zip} (H2's {@code BACKUP TO}: a consistent copy
 * of the database taken while it runs), {@code data/…} (the data directory without the live database, pid files and
 * logs; volumes' file bytes only when asked), {@code policy.yaml} (the policy file in force, wherever it lives) and
 * {@code registry/…} (the registry's storage, when {@code gef.backup.registry-dir} names it).
 *
 * <pre>curl -X POST -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:8080/api/admin/backup?volumes=true" -o gef.tar</pre>
 */
public final class Backup {
    private static final Logger log = LoggerFactory.getLogger(Backup.class);
    /** What is never copied from the data directory: the live database (db.zip replaces it), pids and logs. */
    private static final List<String> SKIPPED = List.of("db", "run", "log", "registry", "backup-tmp");
    private final DataSource db;
    private final Path dataDir;
    private final Optional<Path> policyFile;
    private final Optional<Path> registryDir;

    public Backup(DataSource db, Path dataDir, Optional<Path> policyFile, Optional<Path> registryDir) {
        this.db = db;
        this.dataDir = dataDir;
        this.policyFile = policyFile;
        this.registryDir = registryDir;
    }

    /** Admins only. Streams the tar to {@code out}; {@code volumeBytes} adds every volume's files. */
    public void write(Caller caller, boolean volumeBytes, OutputStream out) throws IOException {
        caller.require(Role.ADMIN);
        Path tmp = Files.createDirectories(dataDir.resolve("backup-tmp"));
        Path zip = tmp.resolve("db-" + System.nanoTime() + ".zip");
        try {
            databaseTo(zip);
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                add(tar, zip, "db.zip");
                tree(tar, dataDir, "data", p -> keep(p, volumeBytes));
                if (policyFile.isPresent() && Files.isRegularFile(policyFile.get())) {
                    add(tar, policyFile.get(), "policy.yaml");
                }
                if (registryDir.isPresent() && Files.isDirectory(registryDir.get())) {
                    tree(tar, registryDir.get(), "registry", p -> true);
                }
                tar.finish();
            }
            log.info("backup written (volume bytes: {})", volumeBytes);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /** H2's online backup: a consistent copy while other connections keep writing. */
    private void databaseTo(Path zip) throws IOException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IOException("the database backup failed", e);
        }
    }

    private boolean keep(Path relative, boolean volumeBytes) {
        if (relative.getNameCount() == 0) {
            return true;
        }
        if (SKIPPED.contains(relative.getName(0).toString())) {
            return false;
        }
        // volumes/<id>/data and staging hold the bytes; volume.json and index.json are the metadata
        boolean bytes = relative.getName(0).toString().equals("volumes") && relative.getNameCount() >= 3
                && List.of("data", "staging").contains(relative.getName(2).toString());
        return volumeBytes || !bytes;
    }

    private interface Filter {
        boolean keep(Path relative);
    }

    private static void tree(TarArchiveOutputStream tar, Path root, String prefix, Filter filter) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                Path rel = root.relativize(p);
                if (!filter.keep(rel)) {
                    continue;
                }
                String name = rel.toString().isEmpty() ? prefix + "/" : prefix + "/" + rel;
                if (Files.isDirectory(p)) {
                    tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"));
                    tar.closeArchiveEntry();
                } else if (Files.isRegularFile(p)) {
                    add(tar, p, name);
                }
            }
        }
    }

    /** Copies exactly the size read first, so a file that grows meanwhile (a log) cannot break the tar. */
    private static void add(TarArchiveOutputStream tar, Path file, String name) throws IOException {
        long size = Files.size(file);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        // to the nanosecond (a PAX header): a volume's index trusts a file's digest only while its mtime is unchanged
        e.setLastModifiedTime(Files.getLastModifiedTime(file));
        e.setMode(Files.isExecutable(file) ? 0755 : 0600);
        tar.putArchiveEntry(e);
        try (InputStream in = Files.newInputStream(file)) {
            long left = size;
            byte[] buf = new byte[64 * 1024];
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    tar.write(new byte[(int) Math.min(buf.length, left)]); // it shrank: pad, keep the tar valid
                    left -= Math.min(buf.length, left);
                    continue;
                }
                tar.write(buf, 0, n);
                left -= n;
            }
        }
        tar.closeArchiveEntry();
    }
}
