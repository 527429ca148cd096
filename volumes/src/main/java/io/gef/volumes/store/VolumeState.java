package io.gef.volumes.store;

/** A volume is written while {@code OPEN}; {@code SEALED} is final: its files and root digest never change. */
public enum VolumeState {
    OPEN, SEALED;

    public boolean isWritable() {
        return this == OPEN;
    }
}
