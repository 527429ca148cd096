package io.gef.volumes.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The files of volumes kept on another engine's host, reached only through that engine's API (the engine side of
 * {@link EngineVolumeStore}). Each volume is a storage area on that host named after the volume id, with the files
 * under {@code data/}; paths here are valid {@link VolumePath}s relative to {@code data/} ("" for its root).
 */
public interface RemoteFiles {
    /** One regular file found when sealing: path, size and lower-case hex sha256. */
    record Scanned(String path, long size, String sha256) {
    }

    /** What sealing found: every remaining file, and what it removed (symlinks, special files, bad names). */
    record Scan(List<Scanned> files, List<String> removed) {
    }

    /** The engine these files are on. */
    String engine();

    /** Makes the storage of a new, empty volume. */
    void create(String volumeId);

    /** Removes the volume's storage; nothing when it is gone already. */
    void delete(String volumeId);

    /**
     * Stores one file at {@code path}, replacing any file there atomically: {@code length} bytes read from
     * {@code body} (which must hold exactly that many).
     */
    void put(String volumeId, String path, InputStream body, long length) throws IOException;

    /** A tar stream of the file or folder at {@code path}, each entry named relative to that path's parent. */
    InputStream get(String volumeId, String path) throws IOException;

    /**
     * On the engine: removes what may not stay (anything but regular files and folders), hashes every file, makes
     * the files read-only. {@code badName} tells which paths must go too.
     */
    Scan seal(String volumeId, java.util.function.Predicate<String> badName);

    /** Gives the volume's files to the host {@code uid:gid}, for a job writing it. */
    void chown(String volumeId, long hostUid, long hostGid);

    /** The directory on the engine's host holding the volume's files, for a bind mount there. */
    String hostPath(String volumeId);

    /**
     * The real path on the engine's host of {@code sub} (relative, without '..') below {@code hostRoot}, following
     * links as the engine would for a bind mount; a 400 when it leads outside {@code hostRoot} or does not exist.
     */
    String realPath(String hostRoot, String sub);

    /** True when {@code hostPath} (absolute) is a directory (or, with {@code dirOnly} false, anything) there. */
    boolean exists(String hostPath, boolean dirOnly);
}
