package io.gef.volumes;

import io.gef.audit.AuditLog;
import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.VolumeAccess;
import io.gef.volumes.store.ArchiveFormat;
import io.gef.volumes.store.DatasetStore;
import io.gef.volumes.store.FileEntry;
import io.gef.volumes.store.OpenFile;
import io.gef.volumes.store.RemoteFiles;
import java.util.Map;
import io.gef.volumes.store.TreeEntry;
import io.gef.volumes.store.Volume;
import io.gef.volumes.store.VolumeStore;
import io.gef.store.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Managed volumes as callers see them, and as jobs use them ({@link VolumeAccess}). A caller reaches a volume it
 * owns, or any volume when an admin; every other volume answers the same 404 as one that does not exist, so ids
 * cannot be probed. A volume a queued or running job uses cannot be deleted (409 {@code volume_in_use}).
 */
public final class Volumes implements VolumeAccess {
    private final VolumeStore store;
    private final Datasets datasets;
    private final VolumeUsage usage;
    private final Map<String, RemoteFiles> remote;

    /**
     * {@code usage} answers whether a job uses a volume (the jobs capability provides it); dataset grants are kept
     * in the database {@code ds}.
     */
    public Volumes(VolumeStore store, DatasetStore datasets, VolumeUsage usage, DataSource ds, Clock clock) {
        this(store, datasets, Map.of(), usage, ds, clock);
    }

    /** {@code remote}: file access to the hosts of engines this server cannot see, by engine name. */
    public Volumes(VolumeStore store, DatasetStore datasets, Map<String, RemoteFiles> remote, VolumeUsage usage,
                   DataSource ds, Clock clock) {
        this.store = store;
        this.remote = Map.copyOf(remote);
        this.datasets = new Datasets(datasets, new DatasetGrants(new Sql(ds), clock), new AuditLog(ds, clock),
                this.remote);
        this.usage = usage;
    }

    /** A folder of a volume as an archive: name and type for the response, then the bytes. */
    public record Archive(String fileName, String contentType, Body body) {
        /** Streams the archive (not buffered). */
        @FunctionalInterface
        public interface Body {
            void writeTo(OutputStream out) throws IOException;
        }
    }

    public Datasets datasets() {
        return datasets;
    }

    public Volume create(Caller caller, String name) {
        return store.create(caller.id(), name);
    }

    /**
     * A new volume whose files live on the host of {@code engine} (null: in the server's data directory, which
     * engines sharing the server's files also reach); 400 for an engine that holds no volumes of its own.
     */
    public Volume create(Caller caller, String name, String engine) {
        if (engine == null) {
            return create(caller, name);
        }
        if (!remote.containsKey(engine)) {
            throw new GefException(ErrorCode.BAD_FIELD, "engine: " + engine + " keeps no volumes of its own"
                    + (remote.isEmpty() ? "" : "; those that do: " + String.join(", ", remote.keySet().stream()
                    .sorted().toList())) + "; leave it out for the server's data directory");
        }
        return store.create(caller.id(), name, engine);
    }

    /** The caller's volumes; an admin's list holds everyone's unless {@code onlyMine}. Newest first. */
    public List<Volume> list(Caller caller, boolean onlyMine, int offset, int limit) {
        return store.list(!caller.isAdmin() || onlyMine ? caller.id() : null, offset, limit);
    }

    /**
     * One page of the caller's volumes (everyone's for an admin unless {@code onlyMine}) that {@code search} admits,
     * newest first, and how many it admits in all. Volume metadata is held in memory by the store, so filtering
     * here costs no disk reads.
     */
    public VolumeSearch.Found search(Caller caller, VolumeSearch search, int offset, int limit) {
        List<Volume> all = store.list(!caller.isAdmin() || search.onlyMine() ? caller.id() : null, 0,
                Integer.MAX_VALUE).stream().filter(search::admits).toList();
        return new VolumeSearch.Found(all.stream().skip(offset).limit(limit).map(VolumeSearch.Listed::of).toList(),
                all.size());
    }

    /** The volume if the caller may see it; 404 otherwise. */
    public Volume get(Caller caller, String id) {
        return store.find(id).filter(v -> caller.canSee(v.ownerId()))
                .orElseThrow(() -> new GefException(ErrorCode.NOT_FOUND, "volume '" + id + "' not found"));
    }

    public FileEntry writeFile(Caller caller, String id, String path, InputStream body, long declaredLength) {
        return store.writeFile(get(caller, id).id(), path, body, declaredLength);
    }

    public List<FileEntry> unpackArchive(Caller caller, String id, String path, InputStream body) {
        return store.unpackArchive(get(caller, id).id(), path, body);
    }

    public List<TreeEntry> tree(Caller caller, String id, String path) {
        return store.tree(get(caller, id).id(), path);
    }

    public OpenFile openFile(Caller caller, String id, String path) {
        return store.openFile(get(caller, id).id(), path);
    }

    /** The folder {@code path} as an archive; 404 (before any byte is sent) when it is not a folder. */
    public Archive archive(Caller caller, String id, String path, String format) {
        Volume v = get(caller, id);
        ArchiveFormat f = ArchiveFormat.parse(format);
        store.requireFolder(v.id(), path);
        return new Archive(fileName(v, path) + "." + f.wire(), f.contentType(), out -> store.writeArchive(v.id(), path, f, out));
    }

    /** A download name a person recognises: the volume's name (and folder), in characters safe in any header. */
    private static String fileName(Volume v, String path) {
        String base = v.name() + (path == null || path.isBlank() ? "" : "-" + path);
        String safe = base.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+|_+$", "");
        return safe.isEmpty() ? v.id() : safe.length() > 100 ? safe.substring(0, 100) : safe;
    }

    /** Seals the volume; 409 while a job still writes it (its files are not final until the job ended). */
    public Volume seal(Caller caller, String id) {
        Volume v = get(caller, id);
        requireNoWriter(v.id());
        return store.seal(v.id());
    }

    private void requireNoWriter(String id) {
        if (usage.beingWritten(id)) {
            throw new GefException(ErrorCode.VOLUME_BEING_WRITTEN, "volume " + id + " is the output of a job that"
                    + " has not ended; it can be sealed or read by jobs once that job ended");
        }
    }

    /** Deletes the volume and its files; 409 while a queued or running job uses it. */
    public void delete(Caller caller, String id) {
        Volume v = get(caller, id);
        if (usage.inUse(v.id())) {
            throw new GefException(ErrorCode.VOLUME_IN_USE, "volume " + v.id() + " is used by a job");
        }
        store.delete(v.id());
    }

    // ---- VolumeAccess: what jobs do on behalf of a job's owner, who was checked when the job was submitted

    @Override
    public boolean readable(String volumeId, String ownerId, boolean ownerIsAdmin) {
        return store.find(volumeId).map(v -> ownerIsAdmin || v.ownerId().equals(ownerId)).orElse(false);
    }

    @Override
    public boolean contains(String volumeId, String path) {
        try {
            return store.contains(volumeId, path);
        } catch (GefException e) {
            return false; // a malformed path or id names nothing
        }
    }

    @Override
    public boolean beingWritten(String volumeId) {
        return usage.beingWritten(volumeId);
    }

    @Override
    public MountSource mountSource(String volumeId, String path, String engine) {
        String host = store.hostPath(volumeId, engine).orElseThrow(() -> new IllegalStateException(
                "volume " + volumeId + " cannot be reached from engine " + engine));
        return new MountSource(engine, MountPaths.inside(host, path, "volume " + volumeId, remote.get(engine)));
    }

    @Override
    public String create(String ownerId, String name) {
        return store.create(ownerId, name).id();
    }

    @Override
    public String create(String ownerId, String name, String engine) {
        return store.create(ownerId, name, engine).id();
    }

    @Override
    public Optional<String> engineOf(String volumeId) {
        return store.engineOf(volumeId);
    }

    @Override
    public boolean reachableFrom(String volumeId, String engine) {
        return store.find(volumeId).isPresent() && store.hostPath(volumeId, engine).isPresent();
    }

    @Override
    public long bytes(String volumeId) {
        return store.find(volumeId).map(Volume::totalBytes).orElse(0L);
    }

    @Override
    public FileDigest write(String volumeId, String path, InputStream body, long length) {
        FileEntry f = store.writeFile(volumeId, path, body, length);
        return new FileDigest(f.path(), f.size(), f.sha256());
    }

    @Override
    public FileDigest write(String volumeId, String path, InputStream body) {
        FileEntry f = store.writeFile(volumeId, path, body, -1);
        return new FileDigest(f.path(), f.size(), f.sha256());
    }

    @Override
    public InputStream read(String volumeId, String path) {
        return store.openFile(volumeId, path).stream();
    }

    @Override
    public void prepareForWriter(String volumeId, int uid, int gid) {
        store.prepareForWriter(volumeId, uid, gid);
    }

    @Override
    public Sealed seal(String volumeId) {
        Volume v = store.seal(volumeId);
        return new Sealed(v.id(), v.rootDigest(), (int) v.fileCount(), v.totalBytes());
    }

    @Override
    public List<FileDigest> files(String volumeId) {
        List<FileDigest> out = new ArrayList<>();
        walk(volumeId, "", out);
        out.sort(Comparator.comparing(FileDigest::path));
        return out;
    }

    private void walk(String volumeId, String dir, List<FileDigest> out) {
        for (var e : store.tree(volumeId, dir)) {
            String path = dir.isEmpty() ? e.name() : dir + "/" + e.name();
            if ("dir".equals(e.type())) {
                walk(volumeId, path, out);
            } else {
                out.add(new FileDigest(path, e.size() == null ? 0 : e.size(), e.sha256()));
            }
        }
    }

    @Override
    public boolean datasetReadable(String name, Caller caller) {
        return datasets.readable(name, caller);
    }

    @Override
    public boolean datasetContains(String name, String path) {
        try {
            return datasets.contains(name, path);
        } catch (GefException e) {
            return false; // a malformed path names nothing
        }
    }

    @Override
    public Optional<String> datasetEngine(String name) {
        return datasets.engineOf(name);
    }

    @Override
    public Optional<MountSource> datasetMountSource(String name, String path, String engine) {
        return datasets.mountSource(name, path, engine);
    }

    @Override
    public Map<String, String> datasetNodeLabels(String name) {
        return datasets.nodeLabels(name);
    }
}
