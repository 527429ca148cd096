package io.gef.volumes;

import io.gef.audit.AuditLog;
import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.VolumeAccess.MountSource;
import io.gef.volumes.store.Dataset;
import io.gef.volumes.store.DatasetStore;
import io.gef.volumes.store.OpenFile;
import io.gef.volumes.store.RemoteFiles;
import io.gef.volumes.store.TreeEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only datasets as callers see them: only admins register one and grant it to users or roles; a caller without
 * a grant neither lists, reads nor mounts it and gets the same 404 as for a dataset that does not exist;
 * {@code hostPath} is shown to admins only.
 */
public final class Datasets {
    /**
     * The body of {@code POST /api/datasets}; {@code nodeLabels} (optional) are the swarm node labels of the nodes
     * holding it, e.g. {@code {"gef.data": "archive-a"}}.
     */
    public record Registration(String name, String engine, String hostPath, String description,
                               Map<String, String> nodeLabels) {
        public Registration(String name, String engine, String hostPath, String description) {
            this(name, engine, hostPath, description, Map.of());
        }
    }

    /** The body of {@code POST /api/datasets/{name}/grants}: exactly one of a user id or a role. */
    public record GrantRequest(String user, String role) {
    }

    private final DatasetStore store;
    private final DatasetGrants grants;
    private final AuditLog audit;
    /** Engines whose hosts this server cannot see: their datasets' paths are resolved there. */
    private final Map<String, RemoteFiles> remote;

    Datasets(DatasetStore store, DatasetGrants grants, AuditLog audit, Map<String, RemoteFiles> remote) {
        this.store = store;
        this.remote = remote;
        this.grants = grants;
        this.audit = audit;
    }

    public DatasetView register(Caller caller, Registration r) {
        caller.require(Role.ADMIN);
        Dataset d = store.register(r.name(), r.engine(), r.hostPath(), r.description(), caller.id(),
                r.nodeLabels());
        audit.record(caller, "dataset.registered", d.name(), Map.of("engine", d.engine(), "hostPath", d.hostPath()));
        return DatasetView.of(d, caller);
    }

    public List<DatasetView> list(Caller caller) {
        return store.list().stream().filter(d -> grants.granted(d.name(), caller)).map(d -> DatasetView.of(d, caller))
                .toList();
    }

    public DatasetView get(Caller caller, String name) {
        return DatasetView.of(visible(caller, name), caller);
    }

    public List<TreeEntry> tree(Caller caller, String name, String path) {
        return store.tree(visible(caller, name).name(), path);
    }

    public OpenFile openFile(Caller caller, String name, String path) {
        return store.openFile(visible(caller, name).name(), path);
    }

    /** Lets {@code r.user()} or everyone with {@code r.role()} see and mount the dataset. Admins only. */
    public DatasetGrant grant(Caller caller, String name, GrantRequest r) {
        caller.require(Role.ADMIN);
        Dataset d = store.dataset(name);
        DatasetGrant g = grants.add(d.name(), DatasetGrants.grantee(r.user(), r.role()), caller.id());
        audit.record(caller, "dataset.granted", d.name(), Map.of("grantee", g.grantee()));
        return g;
    }

    /** Withdraws a grant ({@code user:<id>} or {@code role:<role>}); 404 when there is none. Admins only. */
    public void revoke(Caller caller, String name, String grantee) {
        caller.require(Role.ADMIN);
        if (!grants.remove(store.dataset(name).name(), grantee)) {
            throw new GefException(ErrorCode.NOT_FOUND, "dataset " + name + " has no grant to that grantee");
        }
        audit.record(caller, "dataset.grant-revoked", name, Map.of("grantee", grantee));
    }

    public List<DatasetGrant> grants(Caller caller, String name) {
        caller.require(Role.ADMIN);
        return grants.of(store.dataset(name).name());
    }

    /** The dataset if the caller was granted it; else the 404 of a dataset that does not exist. */
    private Dataset visible(Caller caller, String name) {
        Dataset d = store.dataset(name);
        if (!grants.granted(d.name(), caller)) {
            throw new GefException(ErrorCode.NOT_FOUND, "dataset '" + d.name() + "' not found");
        }
        return d;
    }

    boolean readable(String name, Caller caller) {
        return store.find(name).filter(d -> grants.granted(d.name(), caller)).isPresent();
    }

    boolean contains(String name, String path) {
        return store.contains(name, path);
    }

    /** The engine whose host holds the dataset; empty when there is no such dataset. */
    Optional<String> engineOf(String name) {
        return store.find(name).map(Dataset::engine);
    }

    /** Empty when there is no such dataset; fails when it lies on another engine's host. */
    Optional<MountSource> mountSource(String name, String path, String engine) {
        return store.find(name).map(d -> {
            if (!d.engine().equals(engine)) {
                throw new IllegalStateException("dataset " + name + " lies on engine " + d.engine() + ", not on "
                        + engine);
            }
            return new MountSource(engine, MountPaths.inside(d.hostPath(), path, "dataset " + name,
                    remote.get(engine)));
        });
    }

    /** The swarm node labels of the dataset; empty when it has none or does not exist. */
    Map<String, String> nodeLabels(String name) {
        return store.find(name).map(io.gef.volumes.store.Dataset::nodeLabels).orElse(Map.of());
    }
}
