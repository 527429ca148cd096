package io.gef.volumes;

/**
 * Answers whether a queued or running job uses a volume; deleting such a volume is refused with 409. The jobs
 * capability answers it (from its job table), wired once by the composition root.
 */
@FunctionalInterface
public interface VolumeUsage {
    boolean inUse(String volumeId);

    /** True while a job that has not ended writes the volume as its output. */
    default boolean beingWritten(String volumeId) {
        return false;
    }

    static VolumeUsage of(java.util.function.Predicate<String> inUse, java.util.function.Predicate<String> written) {
        return new VolumeUsage() {
            @Override
            public boolean inUse(String volumeId) {
                return inUse.test(volumeId);
            }

            @Override
            public boolean beingWritten(String volumeId) {
                return written.test(volumeId);
            }
        };
    }
}
