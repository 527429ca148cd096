package io.gef.volumes.store;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads into open volumes: single files (streamed to staging while hashing, forced to disk, renamed into place)
 * and archives (unpacked and validated in staging first, all or nothing), both within the owner's quota.
 */
final class VolumeWriter {
    private static final Logger log = LoggerFactory.getLogger(VolumeWriter.class);

    private final VolumeRecords records;
    private final Quota quota;

    VolumeWriter(VolumeRecords records, Quota quota) {
        this.records = records;
        this.quota = quota;
    }

    /** Of concurrent uploads to one path the last to finish wins. */
    FileEntry writeFile(String id, String path, InputStream body, long declaredLength) {
        VolumeDir v = records.dir(id);
        VolumePath p = VolumePath.parse(path);
        if (p.isRoot()) {
            throw VolumeErrors.badPath(path, "names no file");
        }
        VolumeRecords.requireOpen(v);
        long room = roomFor(v.meta.ownerId()) + existingSize(v, p);
        if (declaredLength > room) {
            throw tooLarge();
        }
        Path tmp = v.staging().resolve("upload-" + UUID.randomUUID());
        try {
            FileEntry entry;
            try {
                entry = Hashing.copy(body, tmp, room, p.toString());
            } catch (Hashing.LimitExceeded e) {
                throw tooLarge();
            }
            commit(v, Map.of(p, new Staged(tmp, entry)));
            return entry;
        } catch (Hashing.SourceFailed e) {
            throw interrupted(e);
        } catch (IOException e) {
            throw new UncheckedIOException("upload to " + id + " failed", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** One bad entry fails the whole upload with a 400 naming it, and nothing is written. */
    List<FileEntry> unpackArchive(String id, String path, InputStream body) {
        VolumeDir v = records.dir(id);
        VolumePath base = VolumePath.parse(path);
        VolumeRecords.requireOpen(v);
        long room = roomFor(v.meta.ownerId());
        Path work = v.staging().resolve("unpack-" + UUID.randomUUID());
        try {
            Files.createDirectories(work);
            Map<VolumePath, Staged> staged = new Unpacker(work, room + v.totalBytes(), quota.maxFiles())
                    .unpack(body);
            Map<VolumePath, Staged> moved = new LinkedHashMap<>();
            staged.forEach((k, s) -> {
                VolumePath target = base.resolve(k);
                moved.put(target, new Staged(s.file(), new FileEntry(target.toString(), s.entry().size(),
                        s.entry().sha256())));
            });
            commit(v, moved);
            return moved.values().stream().map(Staged::entry).toList();
        } catch (Hashing.SourceFailed e) {
            throw interrupted(e);
        } catch (IOException e) {
            throw new UncheckedIOException("archive upload to " + id + " failed", e);
        } finally {
            Tree.deleteQuietly(work);
        }
    }

    /** A file written to staging and hashed, waiting to be moved into the volume. */
    record Staged(Path file, FileEntry entry) {
    }

    private void commit(VolumeDir v, Map<VolumePath, Staged> files) throws IOException {
        synchronized (records.commitLock) {
            v.lock.lock();
            try {
                VolumeRecords.requireOpen(v);
                long addBytes = 0;
                long addFiles = 0;
                for (var e : files.entrySet()) {
                    VolumeDir.Indexed old = v.index.get(e.getKey().toString());
                    addBytes += e.getValue().entry().size() - (old == null ? 0 : old.size());
                    addFiles += old == null ? 1 : 0;
                    checkPlace(v, e.getKey());
                }
                VolumeRecords.Usage u = records.usage(v.meta.ownerId());
                if (u.bytes() + addBytes > quota.maxBytes() || u.files() + addFiles > quota.maxFiles()) {
                    throw tooLarge();
                }
                for (var e : files.entrySet()) {
                    Path target = e.getKey().under(v.data());
                    Files.createDirectories(target.getParent());
                    Files.move(e.getValue().file(), target, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    FileEntry f = e.getValue().entry();
                    v.index.put(f.path(), new VolumeDir.Indexed(f.size(), f.sha256(),
                            Files.getLastModifiedTime(target).toMillis()));
                }
                v.saveIndex();
            } finally {
                v.lock.unlock();
            }
        }
    }

    /** Refuses a target whose parent is a file or that is itself a directory (409: the volume's shape). */
    private static void checkPlace(VolumeDir v, VolumePath p) {
        Path cur = v.data();
        List<String> segs = p.segments();
        for (int i = 0; i < segs.size(); i++) {
            cur = cur.resolve(segs.get(i));
            boolean last = i == segs.size() - 1;
            if (Files.isSymbolicLink(cur)) {
                throw new GefException(ErrorCode.PATH_CONFLICT, "'" + p + "' passes through a symlink");
            }
            if (!last && Files.isRegularFile(cur, LinkOption.NOFOLLOW_LINKS)) {
                throw new GefException(ErrorCode.PATH_CONFLICT,
                        "'" + p + "' is below '" + String.join("/", segs.subList(0, i + 1)) + "', which is a file");
            }
            if (last && Files.isDirectory(cur, LinkOption.NOFOLLOW_LINKS)) {
                throw new GefException(ErrorCode.PATH_CONFLICT, "'" + p + "' is a directory");
            }
        }
    }

    private long roomFor(String ownerId) {
        return Math.max(0, quota.maxBytes() - records.usage(ownerId).bytes());
    }

    private static long existingSize(VolumeDir v, VolumePath p) {
        VolumeDir.Indexed i = v.index.get(p.toString());
        return i == null ? 0 : i.size();
    }

    private static GefException interrupted(IOException cause) {
        return new GefException(ErrorCode.UPLOAD_INTERRUPTED,
                "the upload ended early or could not be read; nothing was kept", cause);
    }

    private GefException tooLarge() {
        return new GefException(ErrorCode.QUOTA_EXCEEDED, "this would exceed your volume quota of "
                + quota.maxBytes() + " bytes and " + quota.maxFiles() + " files");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("cannot delete {}", p, e);
        }
    }
}
