package io.gef.volumes.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Volumes in a directory of this host ({@code <data dir>/volumes}), which is the host of the engine named at
 * {@link #open}: one folder per volume (see {@code VolumeDir}), the work split between {@link VolumeWriter} (uploads
 * within the quota), {@link VolumeReader} (listings, downloads, archives) and {@link VolumeSealing}.
 */
public final class LocalVolumeStore implements VolumeStore {
    /** The engine whose host this is, and engines whose hosts mount it at the same path: they can bind-mount. */
    private final Set<String> engines;
    private final VolumeRecords records;
    /** Uploads, within the quota. */
    private final VolumeWriter writer;
    /** Listings, downloads, archives. */
    private final VolumeReader reader;
    /** Handing a volume to a job and taking it back sealed. */
    private final VolumeSealing sealing;

    /**
     * Opens (creating if needed) the store under {@code root}, loading every volume and clearing stale staging;
     * {@code engine} names the engine whose host this is.
     */
    public static LocalVolumeStore open(Path root, String engine, Quota quota, Clock clock) {
        return open(root, Set.of(engine), quota, clock);
    }

    /** Like {@link #open(Path, String, Quota, Clock)} for several engines that all see this directory. */
    public static LocalVolumeStore open(Path root, Set<String> engines, Quota quota, Clock clock) {
        return new LocalVolumeStore(engines, VolumeRecords.open(root, clock), quota);
    }

    private LocalVolumeStore(Set<String> engines, VolumeRecords records, Quota quota) {
        this.engines = Set.copyOf(engines);
        this.records = records;
        writer = new VolumeWriter(records, quota);
        reader = new VolumeReader(records);
        sealing = new VolumeSealing(records);
    }

    @Override
    public Volume create(String ownerId, String name) {
        return records.create(ownerId, name);
    }

    @Override
    public Optional<Volume> find(String id) {
        return records.find(id);
    }

    /** The volume, or a 404. */
    Volume get(String id) {
        return VolumeRecords.snapshot(records.dir(id));
    }

    @Override
    public List<Volume> list(String ownerId, int offset, int limit) {
        return records.list(ownerId, offset, limit);
    }

    @Override
    public void delete(String id) {
        records.delete(id);
    }

    @Override
    public FileEntry writeFile(String id, String path, InputStream body, long declaredLength) {
        return writer.writeFile(id, path, body, declaredLength);
    }

    @Override
    public List<FileEntry> unpackArchive(String id, String path, InputStream body) {
        return writer.unpackArchive(id, path, body);
    }

    @Override
    public List<TreeEntry> tree(String id, String path) {
        return reader.tree(id, path);
    }

    @Override
    public boolean contains(String id, String path) {
        return reader.contains(id, path);
    }

    @Override
    public OpenFile openFile(String id, String path) {
        return reader.openFile(id, path);
    }

    @Override
    public void requireFolder(String id, String path) {
        reader.requireFolder(id, path);
    }

    @Override
    public void writeArchive(String id, String path, ArchiveFormat format, OutputStream out) throws IOException {
        reader.writeArchive(id, path, format, out);
    }

    @Override
    public Volume seal(String id) {
        return sealing.seal(id);
    }

    @Override
    public void prepareForWriter(String id, int uid, int gid) {
        sealing.prepareForWriter(id, uid, gid);
    }

    /** The root digest of a sealed volume; a 409 while it is open. */
    String rootDigest(String id) {
        return sealing.rootDigest(id);
    }

    @Override
    public Optional<String> hostPath(String id, String engine) {
        return engines.contains(engine) ? Optional.of(dataPath(id).toString()) : Optional.empty();
    }

    /** The directory holding the volume's files. */
    Path dataPath(String id) {
        return records.dir(id).data();
    }
}
