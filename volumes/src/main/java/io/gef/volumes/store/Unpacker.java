package io.gef.volumes.store;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks an uploaded .tar, .tar.gz or .zip into a private staging folder, validating every entry. Entry names
 * follow {@link VolumePath} rules; directories and regular files are kept; symlinks and hard links are kept only
 * when they point (directly or via other links) at a regular file of the same archive, and then as a copy, so a
 * volume never contains links; anything pointing outside, device files, fifos and other special entries fail the
 * whole upload with a 400-kind error naming the entry. The caller deletes the staging folder afterwards.
 */
final class Unpacker {
    private static final int MAX_LINK_DEPTH = 40;
    /** Room for tar headers and padding on top of the content the quota allows. */
    private static final long ARCHIVE_SLACK = 64L << 20;

    private sealed interface Node permits File, Dir, Link {
    }

    private record File(VolumeWriter.Staged staged) implements Node {
    }

    private record Dir() implements Node {
    }

    private record Link(String target) implements Node {
    }

    private final Path work;
    private final Path out;
    private final long maxBytes;
    private final long maxFiles;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private long bytes;
    private int seq;

    Unpacker(Path work, long maxBytes, long maxFiles) {
        this.work = work;
        this.out = work.resolve("files");
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
    }

    Map<VolumePath, VolumeWriter.Staged> unpack(InputStream body) throws IOException {
        Files.createDirectories(out);
        Path raw = work.resolve("archive");
        try {
            Hashing.copy(body, raw, maxBytes + ARCHIVE_SLACK, "archive");
        } catch (Hashing.LimitExceeded e) {
            throw tooLarge();
        }
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(raw)) {
            in.readNBytes(magic, 0, 4);
        }
        if (magic[0] == 'P' && magic[1] == 'K') {
            unzip(raw);
        } else if ((magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(raw), 1 << 16)) {
                untar(in);
            }
        } else {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(raw), 1 << 16)) {
                untar(in);
            }
        }
        Files.delete(raw);
        return resolveLinks();
    }

    private void untar(InputStream in) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        boolean any = false;
        try {
            while ((e = tar.getNextEntry()) != null) {
                any = true;
                String name = e.getName();
                if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw VolumeErrors.badEntry(name, "is a device, fifo or other special file");
                } else if (e.isDirectory()) {
                    dir(name);
                } else if (e.isSymbolicLink()) {
                    link(name, e.getLinkName(), false);
                } else if (e.isLink()) {
                    link(name, e.getLinkName(), true);
                } else if (e.isFile() && !e.isSparse()) {
                    file(name, tar);
                } else {
                    throw VolumeErrors.badEntry(name, "is a device, fifo or other special file");
                }
            }
        } catch (IllegalArgumentException | IOException ex) {
            if (ex instanceof Hashing.LimitExceeded) {
                throw tooLarge();
            }
            throw new GefException(ErrorCode.BAD_ARCHIVE,
                    "not a readable .tar, .tar.gz or .zip: " + ex.getMessage() + "; nothing was written");
        }
        if (!any) {
            throw new GefException(ErrorCode.BAD_ARCHIVE,
                    "not a .tar, .tar.gz or .zip, or empty; nothing was written");
        }
    }

    private void unzip(Path raw) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(raw).get()) {
            Enumeration<ZipArchiveEntry> en = zip.getEntriesInPhysicalOrder();
            while (en.hasMoreElements()) {
                ZipArchiveEntry e = en.nextElement();
                String name = e.getName();
                int type = e.getUnixMode() & 0170000;
                if (e.isUnixSymlink()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        link(name, new String(in.readNBytes(4096), StandardCharsets.UTF_8), false);
                    }
                } else if (e.isDirectory() || type == 0040000) {
                    dir(name);
                } else if (type == 0 || type == 0100000) {
                    try (InputStream in = zip.getInputStream(e)) {
                        file(name, in);
                    }
                } else {
                    throw VolumeErrors.badEntry(name, "is a device, fifo or other special file");
                }
            }
        } catch (Hashing.LimitExceeded e) {
            throw tooLarge();
        } catch (IOException e) {
            throw new GefException(ErrorCode.BAD_ARCHIVE,
                    "not a readable .zip: " + e.getMessage() + "; nothing was written");
        }
    }

    private String checkName(String name) {
        String why = VolumePath.problem(name);
        if (why != null) {
            throw VolumeErrors.badEntry(name, why);
        }
        String canonical = VolumePath.parse(name).toString();
        // no part of the path may already be a file or a link
        String[] segs = canonical.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segs.length - 1; i++) {
            prefix.append(i == 0 ? "" : "/").append(segs[i]);
            Node n = nodes.get(prefix.toString());
            if (n != null && !(n instanceof Dir)) {
                throw VolumeErrors.badEntry(name, "lies below a file or link of the same archive");
            }
            nodes.putIfAbsent(prefix.toString(), new Dir());
        }
        return canonical;
    }

    private void dir(String name) throws IOException {
        String c = checkName(name);
        if (c.isEmpty()) {
            return;
        }
        Node old = nodes.get(c);
        if (old != null && !(old instanceof Dir)) {
            throw VolumeErrors.badEntry(name, "is a directory and a file at once");
        }
        nodes.put(c, new Dir());
        Files.createDirectories(out.resolve(c));
    }

    private void file(String name, InputStream in) throws IOException {
        String c = checkName(name);
        if (c.isEmpty()) {
            throw VolumeErrors.badEntry(name, "names no file");
        }
        if (nodes.get(c) instanceof Dir) {
            throw VolumeErrors.badEntry(name, "is a directory and a file at once");
        }
        Path target = work.resolve("f" + (seq++));
        FileEntry f = Hashing.copy(in, target, maxBytes - bytes, c);
        add(c, new File(new VolumeWriter.Staged(target, f)));
        bytes += f.size();
    }

    private void add(String c, Node n) {
        Node old = nodes.put(c, n);
        if (old == null && nodes.size() > maxFiles) {
            throw tooLarge();
        }
    }

    private void link(String name, String target, boolean hard) {
        String c = checkName(name);
        if (c.isEmpty() || nodes.get(c) instanceof Dir) {
            throw VolumeErrors.badEntry(name, "is a link where a directory is");
        }
        if (target == null || target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0
                || target.indexOf('\\') >= 0) {
            throw VolumeErrors.badEntry(name, "is a link pointing outside the volume");
        }
        List<String> segs = new ArrayList<>();
        if (!hard) {
            segs.addAll(List.of(c.split("/")));
            segs.removeLast();
        }
        for (String s : target.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (segs.isEmpty()) {
                    throw VolumeErrors.badEntry(name, "is a link pointing outside the volume");
                }
                segs.removeLast();
            } else {
                segs.add(s);
            }
        }
        add(c, new Link(String.join("/", segs)));
    }

    /** Replaces every link by a copy of the regular file it finally points at. */
    private Map<VolumePath, VolumeWriter.Staged> resolveLinks() throws IOException {
        Map<VolumePath, VolumeWriter.Staged> result = new LinkedHashMap<>();
        for (var e : nodes.entrySet()) {
            Node n = e.getValue();
            int depth = 0;
            while (n instanceof Link l && depth++ < MAX_LINK_DEPTH) {
                n = nodes.get(l.target());
            }
            if (!(n instanceof File f)) {
                if (n instanceof Dir && !(e.getValue() instanceof Link)) {
                    continue;
                }
                throw VolumeErrors.badEntry(e.getKey(),
                        "is a link that does not lead to a regular file of the same archive");
            }
            VolumeWriter.Staged s = f.staged();
            if (e.getValue() instanceof Link) {
                Path copy = work.resolve("f" + (seq++));
                Files.copy(s.file(), copy, LinkOption.NOFOLLOW_LINKS);
                bytes += s.entry().size();
                if (bytes > maxBytes) {
                    throw tooLarge();
                }
                s = new VolumeWriter.Staged(copy, new FileEntry(e.getKey(), s.entry().size(), s.entry().sha256()));
            }
            result.put(VolumePath.parse(e.getKey()), s);
        }
        return result;
    }

    private static GefException tooLarge() {
        return new GefException(ErrorCode.QUOTA_EXCEEDED,
                "the archive would exceed your volume quota; nothing was written");
    }
}
