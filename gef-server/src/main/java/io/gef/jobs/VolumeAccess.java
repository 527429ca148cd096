package io.gef.jobs;

import java.nio.file.Path;
import java.util.Optional;

/** The volume and dataset operations a job needs, on behalf of the job's owner. */
public interface VolumeAccess {
    /** What a sealed volume holds. */
    record Sealed(String volumeId, String rootDigest, int files, long bytes) {
    }

    /** One file of a sealed volume: path relative to the volume root, size, sha256 (hex). */
    record FileDigest(String path, long size, String sha256) {
    }

    /** Every file of a sealed volume, sorted by path. */
    java.util.List<FileDigest> files(String volumeId);

    /** True when the volume exists and {@code ownerId} may read it (own volume, or the owner is an admin). */
    boolean readable(String volumeId, String ownerId, boolean ownerIsAdmin);

    /** Host directory of a volume's files, for a bind mount. */
    Path dataPath(String volumeId);

    /** A new open volume owned by {@code ownerId}; returns its id. */
    String create(String ownerId, String name);

    /** Makes an open volume's directory writable by the job's user. */
    void prepareForWriter(String volumeId, int uid, int gid);

    /** Seals (idempotent for a sealed volume) and reports its root digest. */
    Sealed seal(String volumeId);

    /** Host directory of a registered dataset. */
    Optional<Path> datasetPath(String name);
}
