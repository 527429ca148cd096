package io.gef.volumes.store;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two steps around a job writing a volume directly: {@link #prepareForWriter} hands an open volume to the job's
 * user, {@link #seal} takes what it wrote, hashes it and makes the volume immutable.
 */
final class VolumeSealing {
    private static final Logger log = LoggerFactory.getLogger(VolumeSealing.class);

    private final VolumeRecords records;

    VolumeSealing(VolumeRecords records) {
        this.records = records;
    }

    /** Makes an OPEN volume's files owned by {@code uid:gid}. Needs the server to run as root. */
    void prepareForWriter(String id, int uid, int gid) {
        VolumeDir v = records.dir(id);
        v.lock.lock();
        try {
            VolumeRecords.requireOpen(v);
            Tree.chown(v.data(), uid, gid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare volume " + id + " for uid " + uid, e);
        } finally {
            v.lock.unlock();
        }
    }

    /**
     * Rescans the data directory (a job may have written to it directly), removes and reports symlinks, special
     * files and files with invalid names, hashes every file the index does not already know, computes the root
     * digest, makes the files read-only and marks the volume SEALED. Sealing a sealed volume returns it unchanged.
     */
    Volume seal(String id) {
        VolumeDir v = records.dir(id);
        synchronized (records.commitLock) {
            v.lock.lock();
            try {
                if (v.meta.state() == VolumeState.SEALED) {
                    return v.toVolume();
                }
                Sealer.Result r = Sealer.scan(v.data(), v.index);
                v.index.clear();
                v.index.putAll(r.index());
                v.saveIndex();
                var m = v.meta;
                v.meta = new VolumeDir.Meta(m.id(), m.ownerId(), m.name(), m.createdAt(), VolumeState.SEALED,
                        records.clock().instant().toString(), RootDigest.of(r.files()), r.removed());
                v.saveMeta();
                if (!r.removed().isEmpty()) {
                    log.warn("sealing {} removed {}", id, r.removed());
                }
                return v.toVolume();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot seal volume " + id, e);
            } finally {
                v.lock.unlock();
            }
        }
    }

    /** The root digest of a sealed volume; a 409 while it is open. */
    String rootDigest(String id) {
        Volume v = VolumeRecords.snapshot(records.dir(id));
        if (v.state() != VolumeState.SEALED) {
            throw new GefException(ErrorCode.VOLUME_OPEN, "volume " + id + " is not sealed yet");
        }
        return v.rootDigest();
    }
}
