package io.gef.volumes.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One volume on disk: {@code <root>/<id>/volume.json} (metadata), {@code index.json} (size, sha256 and mtime per
 * file, so uploads are hashed once), {@code data/} (the files; bind-mounted into jobs) and {@code staging/} (temp
 * files on the same file system, so moving them into {@code data/} is atomic; never visible to jobs).
 * All mutation happens under {@link #lock}.
 */
final class VolumeDir {
    /** Persisted metadata. Times are ISO-8601 strings so the module needs no Jackson time module. */
    record Meta(String id, String ownerId, String name, String createdAt, VolumeState state, String sealedAt,
                String rootDigest, List<String> removedAtSeal) {
    }

    /** Persisted per-file facts; {@code mtime} (millis) and {@code size} detect a file changed behind our back. */
    record Indexed(long size, String sha256, long mtime) {
    }

    record Index(Map<String, Indexed> files) {
    }

    final Path dir;
    final ReentrantLock lock = new ReentrantLock();
    Meta meta;
    final TreeMap<String, Indexed> index;

    private VolumeDir(Path dir, Meta meta, Map<String, Indexed> index) {
        this.dir = dir;
        this.meta = meta;
        this.index = new TreeMap<>(index);
    }

    static VolumeDir create(Path dir, Meta meta) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("staging"));
        VolumeDir v = new VolumeDir(dir, meta, Map.of());
        // no index.json yet: a missing index is an empty one (load), and a new volume saved two durable files
        // (four forced writes) where one does; the first file written saves the index
        v.saveMeta();
        return v;
    }

    static VolumeDir load(Path dir) throws IOException {
        Meta meta = JsonFiles.read(dir.resolve("volume.json"), Meta.class);
        Path idx = dir.resolve("index.json");
        Map<String, Indexed> files = Files.exists(idx) ? JsonFiles.read(idx, Index.class).files() : Map.of();
        Files.createDirectories(dir.resolve("staging"));
        return new VolumeDir(dir, meta, files == null ? Map.of() : files);
    }

    Path data() {
        return dir.resolve("data");
    }

    Path staging() {
        return dir.resolve("staging");
    }

    void saveMeta() throws IOException {
        JsonFiles.write(dir.resolve("volume.json"), meta);
    }

    void saveIndex() throws IOException {
        JsonFiles.write(dir.resolve("index.json"), new Index(index));
    }

    void saveIndexUnchecked() {
        try {
            saveIndex();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long totalBytes() {
        return index.values().stream().mapToLong(Indexed::size).sum();
    }

    Volume toVolume() {
        return new Volume(meta.id(), meta.ownerId(), meta.name(), Instant.parse(meta.createdAt()), meta.state(),
                meta.sealedAt() == null ? null : Instant.parse(meta.sealedAt()), meta.rootDigest(), index.size(),
                totalBytes(), meta.removedAtSeal(), null);
    }
}
