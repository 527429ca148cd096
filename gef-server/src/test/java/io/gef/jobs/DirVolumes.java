package io.gef.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Plain directories as volumes, for exercising the jobs package against the real engine without the volumes
 * module. Seals by hashing every file like the real store (path, size, sha256 lines).
 */
public final class DirVolumes implements VolumeAccess {
    private final Path root;
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final Map<String, Sealed> sealed = new ConcurrentHashMap<>();
    private final Map<String, Path> datasets = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    public DirVolumes(Path root) {
        this.root = root;
    }

    void dataset(String name, Path dir) {
        datasets.put(name, dir);
    }

    @Override
    public boolean readable(String volumeId, String ownerId, boolean ownerIsAdmin) {
        String owner = owners.get(volumeId);
        return owner != null && (ownerIsAdmin || owner.equals(ownerId));
    }

    /** The directory of a volume, for tests that write or read its files directly. */
    public Path dataPath(String volumeId) {
        return root.resolve(volumeId);
    }

    @Override
    public boolean contains(String volumeId, String path) {
        return Files.exists(path == null ? dataPath(volumeId) : dataPath(volumeId).resolve(path));
    }

    @Override
    public boolean beingWritten(String volumeId) {
        return false;
    }

    @Override
    public MountSource mountSource(String volumeId, String path, String engine) {
        Path p = path == null ? dataPath(volumeId) : dataPath(volumeId).resolve(path).normalize();
        return new MountSource(engine, p.toString());
    }

    @Override
    public FileDigest write(String volumeId, String path, InputStream body) {
        try {
            Path f = dataPath(volumeId).resolve(path);
            Files.copy(body, f);
            return new FileDigest(path, Files.size(f), sha256(f));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public InputStream read(String volumeId, String path) {
        try {
            return Files.newInputStream(dataPath(volumeId).resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String create(String ownerId, String name, String engine) {
        return create(ownerId, name);
    }

    @Override
    public Optional<String> datasetEngine(String name) {
        return Optional.ofNullable(datasets.get(name)).map(d -> "local");
    }

    @Override
    public Optional<String> engineOf(String volumeId) {
        return Optional.empty();
    }

    @Override
    public boolean reachableFrom(String volumeId, String engine) {
        return true;
    }

    @Override
    public long bytes(String volumeId) {
        return 0;
    }

    @Override
    public FileDigest write(String volumeId, String path, InputStream body, long length) {
        return write(volumeId, path, body);
    }

    @Override
    public String create(String ownerId, String name) {
        String id = "vol-" + next.incrementAndGet();
        try {
            Files.createDirectories(dataPath(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        owners.put(id, ownerId);
        return id;
    }

    @Override
    public void prepareForWriter(String volumeId, int uid, int gid) {
        try {
            Files.setAttribute(dataPath(volumeId), "unix:uid", uid);
            Files.setAttribute(dataPath(volumeId), "unix:gid", gid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Sealed seal(String volumeId) {
        return sealed.computeIfAbsent(volumeId, id -> {
            Path dir = dataPath(id);
            try (Stream<Path> walk = Files.walk(dir)) {
                List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
                MessageDigest root = MessageDigest.getInstance("SHA-256");
                long bytes = 0;
                for (Path f : files) {
                    long size = Files.size(f);
                    bytes += size;
                    String line = dir.relativize(f) + "\0" + size + "\0" + sha256(f) + "\n";
                    root.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                return new Sealed(id, "sha256:" + HexFormat.of().formatHex(root.digest()), files.size(), bytes);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static String sha256(Path f) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            d.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    @Override
    public List<FileDigest> files(String volumeId) {
        Path dir = dataPath(volumeId);
        try (Stream<Path> walk = Files.walk(dir)) {
            List<FileDigest> out = new java.util.ArrayList<>();
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.add(new FileDigest(dir.relativize(f).toString(), Files.size(f), sha256(f)));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean datasetReadable(String name, io.gef.auth.Caller caller) {
        return datasets.containsKey(name);
    }

    @Override
    public boolean datasetContains(String name, String path) {
        Path d = datasets.get(name);
        return d != null && Files.exists(path == null ? d : d.resolve(path));
    }

    @Override
    public Optional<MountSource> datasetMountSource(String name, String path, String engine) {
        return Optional.ofNullable(datasets.get(name))
                .map(d -> new MountSource(engine, (path == null ? d : d.resolve(path).normalize()).toString()));
    }
}
