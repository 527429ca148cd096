package io.gef.volumes.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where managed volumes are kept: their records, their files, sealing. Knows nothing of callers or jobs (the
 * server's {@code io.gef.volumes.Volumes} decides who may do what); checks quotas, paths and states. Volume files
 * live on the host of one engine: {@link #hostPath} tells where, so nobody outside assumes a local directory.
 * {@link LocalVolumeStore} keeps them in a directory of this host. Errors are {@link io.gef.errors.GefException}s
 * (400/404/409/413).
 */
public interface VolumeStore {
    /** A new open volume. */
    Volume create(String ownerId, String name);

    Optional<Volume> find(String id);

    /** Volumes of {@code ownerId} (all volumes when null), newest first. */
    List<Volume> list(String ownerId, int offset, int limit);

    /** Deletes a volume and its files. */
    void delete(String id);

    /**
     * Stores one file at {@code path}, atomically: readers see the old file or the whole new one.
     * {@code declaredLength} (or -1) lets an oversize upload fail before any byte is read.
     */
    FileEntry writeFile(String id, String path, InputStream body, long declaredLength);

    /** Unpacks a .tar, .tar.gz or .zip under folder {@code path}, all or nothing. */
    List<FileEntry> unpackArchive(String id, String path, InputStream body);

    /** Lists the folder {@code path}: directories first, then files, each sorted by name. */
    List<TreeEntry> tree(String id, String path);

    /** True when the volume has a file or folder at {@code path} (null or empty: its root). */
    boolean contains(String id, String path);

    /** Opens a file for download; the caller closes it. */
    OpenFile openFile(String id, String path);

    /** Fails with 404 unless {@code path} is a folder: call it before a response is committed to streaming. */
    void requireFolder(String id, String path);

    /** Streams the folder {@code path} as an archive to {@code out} (not buffered). */
    void writeArchive(String id, String path, ArchiveFormat format, OutputStream out) throws IOException;

    /** Hashes what is there, fixes the root digest and makes the volume immutable; idempotent. */
    Volume seal(String id);

    /** Makes an open volume writable by a job running as {@code uid:gid}. */
    void prepareForWriter(String id, int uid, int gid);

    /**
     * The directory of the volume's files on the host of {@code engine}, for a bind mount; empty when this store's
     * volumes are not on that engine's host.
     */
    Optional<String> hostPath(String id, String engine);

    /**
     * A new open volume on the host of {@code engine}, when this store keeps volumes there; otherwise like
     * {@link #create(String, String)}.
     */
    default Volume create(String ownerId, String name, String engine) {
        return create(ownerId, name);
    }

    /** The engine whose host holds the volume's files; empty when they are in the server's data directory. */
    default Optional<String> engineOf(String id) {
        return Optional.empty();
    }
}
