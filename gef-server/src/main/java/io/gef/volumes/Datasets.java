package io.gef.volumes;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.jobs.VolumeAccess.MountSource;
import io.gef.volumes.store.Dataset;
import io.gef.volumes.store.DatasetStore;
import io.gef.volumes.store.OpenFile;
import io.gef.volumes.store.TreeEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Read-only datasets as callers see them: only admins register one; every authenticated caller lists and reads
 * them; {@code hostPath} is shown to admins only.
 */
public final class Datasets {
    /** The body of {@code POST /api/datasets}. */
    public record Registration(String name, String engine, String hostPath, String description) {
    }

    private final DatasetStore store;

    Datasets(DatasetStore store) {
        this.store = store;
    }

    public DatasetView register(Caller caller, Registration r) {
        caller.require(Role.ADMIN);
        return DatasetView.of(store.register(r.name(), r.engine(), r.hostPath(), r.description(), caller.id()),
                caller);
    }

    public List<DatasetView> list(Caller caller) {
        return store.list().stream().map(d -> DatasetView.of(d, caller)).toList();
    }

    public DatasetView get(Caller caller, String name) {
        return DatasetView.of(store.dataset(name), caller);
    }

    public List<TreeEntry> tree(Caller caller, String name, String path) {
        return store.tree(name, path);
    }

    public OpenFile openFile(Caller caller, String name, String path) {
        return store.openFile(name, path);
    }

    boolean exists(String name) {
        return store.find(name).isPresent();
    }

    boolean contains(String name, String path) {
        return store.contains(name, path);
    }

    /** Empty when there is no such dataset; fails when it lies on another engine's host. */
    Optional<MountSource> mountSource(String name, String path, String engine) {
        return store.find(name).map(d -> {
            if (!d.engine().equals(engine)) {
                throw new IllegalStateException("dataset " + name + " lies on engine " + d.engine() + ", not on "
                        + engine);
            }
            return new MountSource(engine, under(d.hostPath(), path));
        });
    }

    /** {@code path} (already validated as relative, without '..') below the directory {@code hostPath}. */
    static String under(String hostPath, String path) {
        return path == null ? hostPath : Path.of(hostPath).resolve(path).normalize().toString();
    }
}
