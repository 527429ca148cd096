package io.gef.volumes.store;

import java.time.Instant;
import java.util.List;

/**
 * A volume's metadata. {@code rootDigest} and {@code sealedAt} are null while {@link VolumeState#OPEN};
 * {@code removedAtSeal} lists what sealing removed (symlinks, special files, bad names a job wrote); {@code engine}
 * names the engine whose host holds its files, null when they are in the server's data directory.
 */
public record Volume(String id, String ownerId, String name, Instant createdAt, VolumeState state,
                     Instant sealedAt, String rootDigest, long fileCount, long totalBytes,
                     List<String> removedAtSeal, String engine) {
    public Volume {
        removedAtSeal = removedAtSeal == null ? List.of() : List.copyOf(removedAtSeal);
    }

    /** The same volume, its files on the host of {@code engine}. */
    Volume on(String engine) {
        return new Volume(id, ownerId, name, createdAt, state, sealedAt, rootDigest, fileCount, totalBytes,
                removedAtSeal, engine);
    }
}
