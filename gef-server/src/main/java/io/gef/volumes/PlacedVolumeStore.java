package io.gef.volumes;

import io.gef.volumes.store.ArchiveFormat;
import io.gef.volumes.store.EngineVolumeStore;
import io.gef.volumes.store.FileEntry;
import io.gef.volumes.store.OpenFile;
import io.gef.volumes.store.TreeEntry;
import io.gef.volumes.store.Volume;
import io.gef.volumes.store.VolumeStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every volume, wherever its files live: in the server's data directory ({@code local}, also reachable from engines
 * that share the server's files) or on the host of an engine that does not ({@link EngineVolumeStore}, one per such
 * engine). Each call goes to the store holding the volume; a new volume goes where it is asked for.
 */
public final class PlacedVolumeStore implements VolumeStore {
    private final VolumeStore local;
    private final Map<String, EngineVolumeStore> onEngines = new LinkedHashMap<>();

    public PlacedVolumeStore(VolumeStore local, List<EngineVolumeStore> onEngines) {
        this.local = local;
        onEngines.forEach(s -> this.onEngines.put(s.engine(), s));
    }

    /** The store holding the volume; the local one (which answers 404) when none does. */
    private VolumeStore of(String id) {
        if (local.find(id).isPresent()) {
            return local;
        }
        return onEngines.values().stream().filter(s -> s.find(id).isPresent()).map(VolumeStore.class::cast)
                .findFirst().orElse(local);
    }

    @Override
    public Volume create(String ownerId, String name) {
        return local.create(ownerId, name);
    }

    @Override
    public Volume create(String ownerId, String name, String engine) {
        EngineVolumeStore s = onEngines.get(engine);
        return s == null ? local.create(ownerId, name) : s.create(ownerId, name);
    }

    @Override
    public Optional<String> engineOf(String id) {
        return of(id).engineOf(id);
    }

    @Override
    public Optional<Volume> find(String id) {
        return of(id).find(id);
    }

    @Override
    public List<Volume> list(String ownerId, int offset, int limit) {
        if (onEngines.isEmpty()) {
            return local.list(ownerId, offset, limit);
        }
        int upTo = (int) Math.min(Integer.MAX_VALUE, (long) offset + limit);
        List<Volume> all = new ArrayList<>(local.list(ownerId, 0, upTo));
        onEngines.values().forEach(s -> all.addAll(s.list(ownerId, 0, upTo)));
        return all.stream().sorted(Comparator.comparing(Volume::createdAt).reversed().thenComparing(Volume::id))
                .skip(offset).limit(limit).toList();
    }

    @Override
    public void delete(String id) {
        of(id).delete(id);
    }

    @Override
    public FileEntry writeFile(String id, String path, InputStream body, long declaredLength) {
        return of(id).writeFile(id, path, body, declaredLength);
    }

    @Override
    public List<FileEntry> unpackArchive(String id, String path, InputStream body) {
        return of(id).unpackArchive(id, path, body);
    }

    @Override
    public List<TreeEntry> tree(String id, String path) {
        return of(id).tree(id, path);
    }

    @Override
    public boolean contains(String id, String path) {
        return of(id).contains(id, path);
    }

    @Override
    public OpenFile openFile(String id, String path) {
        return of(id).openFile(id, path);
    }

    @Override
    public void requireFolder(String id, String path) {
        of(id).requireFolder(id, path);
    }

    @Override
    public void writeArchive(String id, String path, ArchiveFormat format, OutputStream out) throws IOException {
        of(id).writeArchive(id, path, format, out);
    }

    @Override
    public Volume seal(String id) {
        return of(id).seal(id);
    }

    @Override
    public void prepareForWriter(String id, int uid, int gid) {
        of(id).prepareForWriter(id, uid, gid);
    }

    @Override
    public Optional<String> hostPath(String id, String engine) {
        return of(id).hostPath(id, engine);
    }
}
