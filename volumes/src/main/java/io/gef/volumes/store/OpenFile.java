package io.gef.volumes.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
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
 * may be null for dataset files, which are never hashed on the fly). A file on another engine's host has no
 * channel, only a {@link #stream} (read once, from the start). Close it.
 */
public final class OpenFile implements Closeable {
    private final FileChannel channel;
    private final InputStream stream;
    private final String name;
    private final long size;
    private final String sha256;
    private final Instant modified;

    private OpenFile(FileChannel channel, String name, long size, String sha256, Instant modified) {
        this(channel, null, name, size, sha256, modified);
    }

    private OpenFile(FileChannel channel, InputStream stream, String name, long size, String sha256,
                     Instant modified) {
        this.channel = channel;
        this.stream = stream;
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

    /** A file streamed from elsewhere: {@code size} bytes, read once. */
    static OpenFile ofStream(InputStream stream, String name, long size, String sha256, Instant modified) {
        return new OpenFile(null, stream, name, size, sha256, modified);
    }

    /** The file's channel; null for a file streamed from another engine's host (use {@link #stream}). */
    public FileChannel channel() {
        return channel;
    }

    /** The file's bytes from the start, whether it has a channel or not; read once. */
    public InputStream stream() {
        return channel != null ? Channels.newInputStream(channel) : stream;
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
        if (channel != null) {
            channel.close();
        } else {
            stream.close();
        }
    }

    private static FileChannel read(Path p) throws IOException {
        try {
            return FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw VolumeErrors.notFound("file");
        }
    }
}
