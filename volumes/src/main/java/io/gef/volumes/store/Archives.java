package io.gef.volumes.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Streams a folder as zip or tar.gz straight to the response: entries are written as the tree is walked, nothing
 * is buffered. Only regular files and directories are included; symlinks are skipped. Compression uses the fastest
 * level because the data is mostly already compressed or random and throughput matters more.
 */
final class Archives {
    private Archives() {
    }

    static void write(Path folder, ArchiveFormat format, OutputStream out) throws IOException {
        switch (format) {
            case ZIP -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                zip.setLevel(Deflater.BEST_SPEED);
                walk(folder, new Sink() {
                    @Override
                    public void dir(String rel, BasicFileAttributes a) throws IOException {
                        ZipEntry e = new ZipEntry(rel + "/");
                        e.setLastModifiedTime(a.lastModifiedTime());
                        zip.putNextEntry(e);
                        zip.closeEntry();
                    }

                    @Override
                    public void file(String rel, Path f, BasicFileAttributes a) throws IOException {
                        ZipEntry e = new ZipEntry(rel);
                        e.setLastModifiedTime(a.lastModifiedTime());
                        zip.putNextEntry(e);
                        Files.copy(f, zip);
                        zip.closeEntry();
                    }
                });
                zip.finish();
            }
            case TAR_GZ -> {
                GZIPOutputStream gz = new FastGzip(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                walk(folder, new Sink() {
                    @Override
                    public void dir(String rel, BasicFileAttributes a) throws IOException {
                        TarArchiveEntry e = new TarArchiveEntry(rel + "/");
                        e.setModTime(a.lastModifiedTime());
                        tar.putArchiveEntry(e);
                        tar.closeArchiveEntry();
                    }

                    @Override
                    public void file(String rel, Path f, BasicFileAttributes a) throws IOException {
                        TarArchiveEntry e = new TarArchiveEntry(rel);
                        e.setSize(a.size());
                        e.setModTime(a.lastModifiedTime());
                        e.setMode(0644);
                        tar.putArchiveEntry(e);
                        Files.copy(f, tar);
                        tar.closeArchiveEntry();
                    }
                });
                tar.finish();
                gz.finish();
            }
        }
        out.flush();
    }

    private interface Sink {
        void dir(String rel, BasicFileAttributes a) throws IOException;

        void file(String rel, Path f, BasicFileAttributes a) throws IOException;
    }

    private static void walk(Path folder, Sink sink) throws IOException {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                if (!d.equals(folder)) {
                    sink.dir(Tree.rel(folder, d), a);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                if (a.isRegularFile()) {
                    sink.file(Tree.rel(folder, f), f, a);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** gzip at the fastest level with a large buffer. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
