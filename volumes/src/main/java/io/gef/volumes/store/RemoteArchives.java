package io.gef.volumes.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Turns the tar stream an engine sends for a path of a volume ({@link RemoteFiles#get}) into what a user asked
 * for, entry by entry as it arrives: one file's bytes, or the folder as zip or tar.gz. Nothing is buffered on disk.
 * The engine names entries after the requested path's last segment; that first segment is dropped.
 */
final class RemoteArchives {
    private RemoteArchives() {
    }

    /** The bytes of the single file in {@code tar}; closing the result closes {@code tar}. */
    static InputStream file(InputStream tar) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveEntry e = in.getNextEntry();
        while (e != null && !e.isFile()) {
            e = in.getNextEntry();
        }
        if (e == null) {
            in.close();
            throw VolumeErrors.notFound("file");
        }
        return new FilterInputStream(in) {
        };
    }

    /** Writes the folder in {@code tar} to {@code out} as {@code format}; regular files and folders only. */
    static void convert(InputStream tar, ArchiveFormat format, OutputStream out) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            switch (format) {
                case ZIP -> {
                    ZipOutputStream zip = new ZipOutputStream(out);
                    zip.setLevel(Deflater.BEST_SPEED);
                    for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        String rel = inner(e);
                        if (rel == null || !(e.isDirectory() || e.isFile())) {
                            continue;
                        }
                        ZipEntry z = new ZipEntry(e.isDirectory() ? rel + "/" : rel);
                        z.setTime(e.getModTime().getTime());
                        zip.putNextEntry(z);
                        if (e.isFile()) {
                            in.transferTo(zip);
                        }
                        zip.closeEntry();
                    }
                    zip.finish();
                }
                case TAR_GZ -> {
                    GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
                        {
                            def.setLevel(Deflater.BEST_SPEED);
                        }
                    };
                    TarArchiveOutputStream tarOut = new TarArchiveOutputStream(gz);
                    tarOut.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    tarOut.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                        String rel = inner(e);
                        if (rel == null || !(e.isDirectory() || e.isFile())) {
                            continue;
                        }
                        TarArchiveEntry t = new TarArchiveEntry(e.isDirectory() ? rel + "/" : rel);
                        t.setModTime(e.getModTime());
                        if (e.isFile()) {
                            t.setSize(e.getSize());
                            t.setMode(0644);
                        }
                        tarOut.putArchiveEntry(t);
                        if (e.isFile()) {
                            in.transferTo(tarOut);
                        }
                        tarOut.closeArchiveEntry();
                    }
                    tarOut.finish();
                    gz.finish();
                }
            }
        }
        out.flush();
    }

    /** The entry's path below the requested folder; null for the folder itself. */
    private static String inner(TarArchiveEntry e) {
        String name = e.getName();
        if (name.startsWith("./")) {
            name = name.substring(2);
        }
        int slash = name.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String rel = name.substring(slash + 1);
        while (rel.endsWith("/")) {
            rel = rel.substring(0, rel.length() - 1);
        }
        return rel.isEmpty() ? null : rel;
    }
}
