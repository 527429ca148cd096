package io.gef.volumes;

/**
 * Answers whether a queued or running job uses a volume; deleting such a volume is refused with 409. The jobs code
 * supplies the real implementation; until then {@code id -> false}.
 */
@FunctionalInterface
public interface VolumeInUse {
    boolean inUse(String volumeId);
}
