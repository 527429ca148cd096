package io.gef.volumes.store;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** File-tree helpers that never follow symbolic links. */
final class Tree {
    private Tree() {
    }

    /** Looks up the sha256 of a file given its '/'-separated path relative to the root; null when unknown. */
    @FunctionalInterface
    interface HashFn {
        String sha256(String rel, BasicFileAttributes attrs) throws IOException;
    }

    /** {@code p} under {@code root}, or a 404-kind error if it does not exist or any component is a symlink. */
    static Path resolveNoLinks(Path root, VolumePath p) {
        Path cur = root;
        for (String s : p.segments()) {
            cur = cur.resolve(s);
            if (Files.isSymbolicLink(cur) || !Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                throw VolumeErrors.notFound("'" + p + "'");
            }
        }
        return cur;
    }

    static List<TreeEntry> list(Path root, VolumePath p, HashFn hashes) {
        Path dir = resolveNoLinks(root, p);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new GefException(ErrorCode.NOT_A_FOLDER, "'" + p + "' is a file");
        }
        List<TreeEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                BasicFileAttributes a = Files.readAttributes(c, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String name = c.getFileName().toString();
                String rel = p.isRoot() ? name : p + "/" + name;
                if (a.isDirectory()) {
                    out.add(TreeEntry.dir(name, a.lastModifiedTime().toInstant()));
                } else if (a.isRegularFile()) {
                    out.add(TreeEntry.file(name, a.size(), hashes.sha256(rel, a), a.lastModifiedTime().toInstant()));
                } else {
                    out.add(new TreeEntry(name, a.isSymbolicLink() ? "symlink" : "other", null, null,
                            a.lastModifiedTime().toInstant()));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.sort(Comparator.comparing((TreeEntry e) -> !e.type().equals("dir")).thenComparing(TreeEntry::name));
        return out;
    }

    /** Regular files below {@code dir} as '/'-separated relative paths, sorted; symlinks are skipped. */
    static List<String> files(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                if (a.isRegularFile()) {
                    out.add(rel(dir, f));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    static String rel(Path root, Path p) {
        List<String> segs = new ArrayList<>();
        for (Path s : root.relativize(p)) {
            segs.add(s.toString());
        }
        return String.join("/", segs);
    }

    static void chown(Path dir, int uid, int gid) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                set(d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                if (a.isRegularFile() || a.isDirectory()) {
                    set(f);
                }
                return FileVisitResult.CONTINUE;
            }

            private void set(Path p) throws IOException {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        });
    }

    static void readOnlyFiles(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                if (a.isRegularFile()) {
                    Files.getFileAttributeView(f, PosixFileAttributeView.class)
                            .setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteContents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path c : ds) {
                deleteQuietly(c);
            }
        }
    }

    /** Deletes a file or a whole tree without following links; logs instead of failing. */
    static void deleteQuietly(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(Tree.class).warn("cannot delete {}", p, e);
        }
    }
}
