package io.gef.jobs;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The volume and dataset operations a job needs, on behalf of the job's owner. A volume is not assumed to be a
 * directory of this host: jobs ask where to bind-mount it from on the engine that runs them ({@link #mountSource}),
 * and write or read single files through this interface.
 */
public interface VolumeAccess {
    /** What a sealed volume holds. */
    record Sealed(String volumeId, String rootDigest, int files, long bytes) {
    }

    /** One file of a sealed volume: path relative to the volume root, size, sha256 (hex). */
    record FileDigest(String path, long size, String sha256) {
    }

    /** Where a bind mount on {@code engine} takes its files from: a directory on that engine's host. */
    record MountSource(String engine, String hostPath) {
    }

    /** Every file of a sealed volume, sorted by path. */
    List<FileDigest> files(String volumeId);

    /** True when the volume exists and {@code ownerId} may read it (own volume, or the owner is an admin). */
    boolean readable(String volumeId, String ownerId, boolean ownerIsAdmin);

    /** True when the volume has a file or folder at {@code path} (null: its root). */
    boolean contains(String volumeId, String path);

    /** True while a job that has not ended writes the volume (as its output): it cannot be read or sealed yet. */
    boolean beingWritten(String volumeId);

    /**
     * The source of a bind mount of the volume, or of its folder or file {@code path} (null: the whole volume), for a
     * container on {@code engine}; fails when the volume cannot be reached from that engine.
     */
    MountSource mountSource(String volumeId, String path, String engine);

    /** A new open volume owned by {@code ownerId}; returns its id. */
    String create(String ownerId, String name);

    /**
     * A new open volume owned by {@code ownerId} that a job on {@code engine} can bind-mount: on that engine's
     * host when it does not share the server's files. Returns its id.
     */
    String create(String ownerId, String name, String engine);

    /** The engine whose host holds the volume's files; empty when they are in the server's data directory. */
    Optional<String> engineOf(String volumeId);

    /** True when a container on {@code engine} can bind-mount the volume (false for an unknown volume). */
    boolean reachableFrom(String volumeId, String engine);

    /** The bytes a volume holds (0 for an unknown volume). */
    long bytes(String volumeId);

    /** Like {@link #write(String, String, InputStream)} for a body of {@code length} bytes, known in advance. */
    FileDigest write(String volumeId, String path, InputStream body, long length);

    /** Writes one file into an open volume (an inline input, a fetched URL) within the owner's quota. */
    FileDigest write(String volumeId, String path, InputStream body);

    /** Reads one file of a volume; the caller closes the stream. */
    InputStream read(String volumeId, String path);

    /** Makes an open volume writable by the job's user. */
    void prepareForWriter(String volumeId, int uid, int gid);

    /** Seals (idempotent for a sealed volume) and reports its root digest. */
    Sealed seal(String volumeId);

    /** True when the dataset exists. */
    boolean datasetReadable(String name, io.gef.auth.Caller caller);

    /** True when the dataset exists and has a file or folder at {@code path} (null: its root). */
    boolean datasetContains(String name, String path);

    /** The engine whose host holds the dataset; empty when there is no such dataset. */
    Optional<String> datasetEngine(String name);

    /** Like {@link #mountSource} for a registered dataset; empty when there is no such dataset. */
    Optional<MountSource> datasetMountSource(String name, String path, String engine);

    /**
     * The swarm node labels a dataset carries ({@code gef.data=archive-a}): a job on it runs only on nodes with
     * them. Empty for a dataset without (or no such dataset).
     */
    default Map<String, String> datasetNodeLabels(String name) {
        return Map.of();
    }
}
