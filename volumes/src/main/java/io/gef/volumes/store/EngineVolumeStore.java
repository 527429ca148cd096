package io.gef.volumes.store;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Volumes whose files live on another engine's host ({@link RemoteFiles}: there, a Docker named volume labelled
 * with the volume id), so their bytes cross the network only when a user up- or downloads them. The metadata (name,
 * owner, state, and the index of sizes and sha256 per file) stays in a small local record like a local volume's
 * ({@link VolumeRecords} under {@code root}), so listings and hashes never ask the engine; downloads and archives
 * stream from the engine as they are read; sealing hashes on the engine. The quota counts the volumes of this store.
 */
public final class EngineVolumeStore implements VolumeStore {
    private final VolumeRecords records;
    private final RemoteFiles files;
    private final Quota quota;
    private final EngineVolumeTree tree;

    private EngineVolumeStore(VolumeRecords records, RemoteFiles files, Quota quota) {
        this.records = records;
        this.files = files;
        this.quota = quota;
        this.tree = new EngineVolumeTree();
    }

    /** Opens (creating if needed) the records under {@code root} of the volumes kept by {@code files}. */
    public static EngineVolumeStore open(Path root, RemoteFiles files, Quota quota, Clock clock) {
        return new EngineVolumeStore(VolumeRecords.open(root, clock), files, quota);
    }

    public String engine() {
        return files.engine();
    }

    @Override
    public Volume create(String ownerId, String name) {
        Volume v = records.create(ownerId, name);
        try {
            files.create(v.id());
        } catch (RuntimeException e) {
            records.delete(v.id());
            throw e;
        }
        return v.on(files.engine());
    }

    @Override
    public Optional<Volume> find(String id) {
        return records.find(id).map(v -> v.on(files.engine()));
    }

    @Override
    public List<Volume> list(String ownerId, int offset, int limit) {
        return records.list(ownerId, offset, limit).stream().map(v -> v.on(files.engine())).toList();
    }

    @Override
    public void delete(String id) {
        records.dir(id);
        files.delete(id);
        records.delete(id);
    }

    @Override
    public FileEntry writeFile(String id, String path, InputStream body, long declaredLength) {
        VolumeDir v = records.dir(id);
        VolumePath p = VolumePath.parse(path);
        if (p.isRoot()) {
            throw VolumeErrors.badPath(path, "names no file");
        }
        VolumeRecords.requireOpen(v);
        tree.checkPlace(v, p);
        if (declaredLength < 0) {
            return spooled(id, path, body); // the engine needs the length first
        }
        long room = Math.max(0, quota.maxBytes() - records.usage(v.meta.ownerId()).bytes())
                + Optional.ofNullable(v.index.get(p.toString())).map(VolumeDir.Indexed::size).orElse(0L);
        if (declaredLength > room) {
            throw tooLarge();
        }
        var digest = new DigestInputStream(body, Hashing.sha256());
        try {
            files.put(id, p.toString(), digest, declaredLength);
        } catch (IOException e) {
            throw new GefException(ErrorCode.UPLOAD_INTERRUPTED, "the upload ended early or could not be read; "
                    + "nothing was kept", e);
        }
        FileEntry entry = new FileEntry(p.toString(), declaredLength, Hashing.hex(digest.getMessageDigest().digest()));
        synchronized (records.commitLock) {
            v.lock.lock();
            try {
                VolumeRecords.requireOpen(v);
                v.index.put(entry.path(), new VolumeDir.Indexed(entry.size(), entry.sha256(), 0));
                v.saveIndexUnchecked();
            } finally {
                v.lock.unlock();
            }
        }
        return entry;
    }

    /** An upload of unknown length goes through a staging file of the volume's record, then to the engine. */
    private FileEntry spooled(String id, String path, InputStream body) {
        Path tmp = records.dir(id).staging().resolve("upload-" + UUID.randomUUID());
        try {
            FileEntry f = Hashing.copy(body, tmp, quota.maxBytes(), path);
            try (InputStream in = Files.newInputStream(tmp)) {
                return writeFile(id, path, in, f.size());
            }
        } catch (Hashing.LimitExceeded e) {
            throw tooLarge();
        } catch (IOException e) {
            throw new UncheckedIOException("upload to " + id + " failed", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // staging is cleared at the next start
            }
        }
    }

    /** Unpacked and checked in staging first (all or nothing), then each file goes to the engine. */
    @Override
    public List<FileEntry> unpackArchive(String id, String path, InputStream body) {
        VolumeDir v = records.dir(id);
        VolumePath base = VolumePath.parse(path);
        VolumeRecords.requireOpen(v);
        Path work = v.staging().resolve("unpack-" + UUID.randomUUID());
        try {
            Files.createDirectories(work);
            var staged = new Unpacker(work, Math.max(0, quota.maxBytes() - records.usage(v.meta.ownerId()).bytes()),
                    quota.maxFiles()).unpack(body);
            List<FileEntry> out = new ArrayList<>();
            for (var e : staged.entrySet()) {
                try (InputStream in = Files.newInputStream(e.getValue().file())) {
                    out.add(writeFile(id, base.resolve(e.getKey()).toString(), in, e.getValue().entry().size()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("archive upload to " + id + " failed", e);
        } finally {
            Tree.deleteQuietly(work);
        }
    }

    @Override
    public List<TreeEntry> tree(String id, String path) {
        return tree.list(records.dir(id), VolumePath.parse(path));
    }

    @Override
    public boolean contains(String id, String path) {
        return tree.kind(records.dir(id), VolumePath.parse(path)) != null;
    }

    @Override
    public OpenFile openFile(String id, String path) {
        VolumeDir v = records.dir(id);
        VolumePath p = VolumePath.parse(path);
        VolumeDir.Indexed i;
        v.lock.lock();
        try {
            i = v.index.get(p.toString());
        } finally {
            v.lock.unlock();
        }
        if (i == null) {
            throw VolumeErrors.notFound("file '" + p + "'");
        }
        try {
            return OpenFile.ofStream(RemoteArchives.file(files.get(id, p.toString())), p.name(), i.size(),
                    i.sha256(), tree.modified(v));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + " of " + id + " on engine " + files.engine(), e);
        }
    }

    @Override
    public void requireFolder(String id, String path) {
        VolumePath p = VolumePath.parse(path);
        if (!"dir".equals(tree.kind(records.dir(id), p))) {
            throw VolumeErrors.notFound("folder '" + p + "'");
        }
    }

    @Override
    public void writeArchive(String id, String path, ArchiveFormat format, OutputStream out) throws IOException {
        requireFolder(id, path);
        RemoteArchives.convert(files.get(id, VolumePath.parse(path).toString()), format, out);
    }

    /** Hashes on the engine; the index and the root digest come from what it reports. Idempotent. */
    @Override
    public Volume seal(String id) {
        VolumeDir v = records.dir(id);
        synchronized (records.commitLock) {
            v.lock.lock();
            try {
                if (v.meta.state() == VolumeState.SEALED) {
                    return v.toVolume().on(files.engine());
                }
                RemoteFiles.Scan scan = files.seal(id, rel -> VolumePath.problem(rel) != null);
                v.index.clear();
                List<FileEntry> entries = new ArrayList<>();
                for (RemoteFiles.Scanned s : scan.files()) {
                    v.index.put(s.path(), new VolumeDir.Indexed(s.size(), s.sha256(), 0));
                    entries.add(new FileEntry(s.path(), s.size(), s.sha256()));
                }
                v.saveIndex();
                var m = v.meta;
                v.meta = new VolumeDir.Meta(m.id(), m.ownerId(), m.name(), m.createdAt(), VolumeState.SEALED,
                        records.clock().instant().toString(), RootDigest.of(entries), scan.removed());
                v.saveMeta();
                return v.toVolume().on(files.engine());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot seal volume " + id, e);
            } finally {
                v.lock.unlock();
            }
        }
    }

    @Override
    public void prepareForWriter(String id, int uid, int gid) {
        VolumeRecords.requireOpen(records.dir(id));
        files.chown(id, uid, gid);
    }

    @Override
    public Optional<String> hostPath(String id, String engine) {
        records.dir(id);
        return files.engine().equals(engine) ? Optional.of(files.hostPath(id)) : Optional.empty();
    }

    @Override
    public Optional<String> engineOf(String id) {
        return records.find(id).map(v -> files.engine());
    }

    private GefException tooLarge() {
        return new GefException(ErrorCode.QUOTA_EXCEEDED, "this would exceed your volume quota of "
                + quota.maxBytes() + " bytes and " + quota.maxFiles() + " files");
    }
}
