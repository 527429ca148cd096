package io.gef.volumes.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rescans a volume's data directory before sealing. A job may have written anything there: symlinks, fifos,
 * sockets, device nodes and names the API would refuse are removed and reported; every remaining regular file is
 * hashed unless the index already knows it with the same size and mtime.
 */
final class Sealer {
    record Result(Map<String, VolumeDir.Indexed> index, List<FileEntry> files, List<String> removed) {
    }

    private Sealer() {
    }

    static Result scan(Path data, Map<String, VolumeDir.Indexed> known) throws IOException {
        Map<String, VolumeDir.Indexed> index = new TreeMap<>();
        List<FileEntry> files = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Files.walkFileTree(data, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                if (d.equals(data)) {
                    return FileVisitResult.CONTINUE;
                }
                String rel = Tree.rel(data, d);
                if (VolumePath.problem(rel) != null) {
                    removed.add("directory with a bad name: " + VolumeErrors.printable(rel));
                    Tree.deleteQuietly(d);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                String rel = Tree.rel(data, f);
                if (a.isSymbolicLink()) {
                    removed.add("symlink: " + VolumeErrors.printable(rel));
                    Files.delete(f);
                } else if (!a.isRegularFile()) {
                    removed.add("special file: " + VolumeErrors.printable(rel));
                    Files.delete(f);
                } else if (VolumePath.problem(rel) != null) {
                    removed.add("file with a bad name: " + VolumeErrors.printable(rel));
                    Files.delete(f);
                } else {
                    VolumeDir.Indexed i = known.get(rel);
                    long mtime = a.lastModifiedTime().toMillis();
                    if (i == null || i.size() != a.size() || i.mtime() != mtime) {
                        i = new VolumeDir.Indexed(a.size(), Hashing.sha256Of(f), mtime);
                    }
                    index.put(rel, i);
                    files.add(new FileEntry(rel, i.size(), i.sha256()));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (isRoot()) {
            Tree.chown(data, 0, 0);
        }
        Tree.readOnlyFiles(data);
        return new Result(index, files, removed);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
