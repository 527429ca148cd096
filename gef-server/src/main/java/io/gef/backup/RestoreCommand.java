package io.gef.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gef-server restore DIR}: unpacks {@code DIR/gef-backup.tar} onto a fresh data directory (server stopped). */
@Command(name = "restore", description = "Restore DIR/gef-backup.tar onto a fresh data directory.")
public final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Folder holding gef-backup.tar.")
    Path dir;

    @Option(names = "--data-dir", description = "Data directory to restore into (default: $GEF_DATA_DIR or var).")
    Path dataDir;

    @Option(names = "--registry-dir", description = "Where the registry's storage goes (default: DATA/registry).")
    Path registryDir;

    @Override
    public Integer call() {
        Path data = Optional.ofNullable(dataDir).orElse(BackupCommand.defaultDataDir());
        try {
            Restore.Report r = Restore.run(dir.resolve(BackupCommand.FILE), data, Optional.ofNullable(registryDir));
            System.out.printf("restored %d files into %s (registry storage: %s, policy file: %s)%n", r.files(), data,
                    r.registry() ? "yes" : "not in the backup", r.policy() ? data.resolve("policy.yaml") : "none");
            return 0;
        } catch (IOException e) {
            System.err.println("restore failed: " + e.getMessage());
            return 1;
        }
    }
}
