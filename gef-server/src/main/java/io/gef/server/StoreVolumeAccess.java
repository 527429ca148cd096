package io.gef.server;

import io.gef.errors.GefException;
import io.gef.jobs.VolumeAccess;
import io.gef.volumes.DatasetStore;
import io.gef.volumes.Volume;
import io.gef.volumes.VolumeStore;
import java.nio.file.Path;
import java.util.Optional;

/** Connects the jobs package to the real volume and dataset stores. */
final class StoreVolumeAccess implements VolumeAccess {
    private final VolumeStore volumes;
    private final DatasetStore datasets;

    StoreVolumeAccess(VolumeStore volumes, DatasetStore datasets) {
        this.volumes = volumes;
        this.datasets = datasets;
    }

    @Override
    public boolean readable(String volumeId, String ownerId, boolean ownerIsAdmin) {
        try {
            return volumes.find(volumeId).map(v -> ownerIsAdmin || v.ownerId().equals(ownerId)).orElse(false);
        } catch (GefException e) {
            return false; // a malformed id is simply not a volume of the caller
        }
    }

    @Override
    public Path dataPath(String volumeId) {
        return volumes.dataPath(volumeId);
    }

    @Override
    public String create(String ownerId, String name) {
        return volumes.create(ownerId, name).id();
    }

    @Override
    public void prepareForWriter(String volumeId, int uid, int gid) {
        volumes.prepareForWriter(volumeId, uid, gid);
    }

    @Override
    public Sealed seal(String volumeId) {
        Volume v = volumes.seal(volumeId);
        return new Sealed(v.id(), v.rootDigest(), (int) v.fileCount(), v.totalBytes());
    }

    @Override
    public java.util.List<FileDigest> files(String volumeId) {
        java.util.List<FileDigest> out = new java.util.ArrayList<>();
        walk(volumeId, "", out);
        out.sort(java.util.Comparator.comparing(FileDigest::path));
        return out;
    }

    private void walk(String volumeId, String dir, java.util.List<FileDigest> out) {
        for (var e : volumes.tree(volumeId, dir)) {
            String path = dir.isEmpty() ? e.name() : dir + "/" + e.name();
            if ("dir".equals(e.type())) {
                walk(volumeId, path, out);
            } else {
                out.add(new FileDigest(path, e.size() == null ? 0 : e.size(), e.sha256()));
            }
        }
    }

    @Override
    public Optional<Path> datasetPath(String name) {
        try {
            return Optional.of(Path.of(datasets.dataset(name).hostPath()));
        } catch (GefException e) {
            return Optional.empty();
        }
    }
}
