package io.gef.volumes;

/**
 * Answers whether a queued or running job uses a volume; deleting such a volume is refused with 409. The jobs
 * capability answers it (from its job table), wired once by the composition root.
 */
@FunctionalInterface
public interface VolumeUsage {
    boolean inUse(String volumeId);
}
