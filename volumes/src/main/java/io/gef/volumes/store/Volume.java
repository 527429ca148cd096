package io.gef.volumes.store;

import java.time.Instant;
import java.util.List;

/**
 * A volume's metadata. {@code rootDigest} and {@code sealedAt} are null while {@link VolumeState#OPEN};
 * {@code removedAtSeal} lists what sealing removed (symlinks, special files, bad names a job wrote).
 */
public record Volume(String id, String ownerId, String name, Instant createdAt, VolumeState state,
                     Instant sealedAt, String rootDigest, long fileCount, long totalBytes,
                     List<String> removedAtSeal) {
    public Volume {
        removedAtSeal = removedAtSeal == null ? List.of() : List.copyOf(removedAtSeal);
    }
}
