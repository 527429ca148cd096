package io.gef.volumes.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * A file opened for download: the channel plus the size and sha256 of exactly the bytes it reads ({@code sha256}
 * may be null for dataset files, which are never hashed on the fly). Close it.
 */
public final class OpenFile implements Closeable {
    private final FileChannel channel;
    private final String name;
    private final long size;
    private final String sha256;
    private final Instant modified;

    private OpenFile(FileChannel channel, String name, long size, String sha256, Instant modified) {
        this.channel = channel;
        this.name = name;
        this.size = size;
        this.sha256 = sha256;
        this.modified = modified;
    }

    static OpenFile open(Path root, VolumePath p, Tree.HashFn hashes) throws IOException {
        Path f = Tree.resolveNoLinks(root, p);
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw VolumeErrors.notFound("file '" + p + "'");
        }
        FileChannel ch = read(f);
        try {
            return new OpenFile(ch, p.name(), ch.size(), hashes.sha256(p.toString(), a),
                    a.lastModifiedTime().toInstant());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public FileChannel channel() {
        return channel;
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    public String sha256() {
        return sha256;
    }

    public Instant modified() {
        return modified;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static FileChannel read(Path p) throws IOException {
        try {
            return FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw VolumeErrors.notFound("file");
        }
    }
}
