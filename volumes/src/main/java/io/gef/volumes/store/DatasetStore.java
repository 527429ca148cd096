package io.gef.volumes.store;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Read-only datasets: one small JSON file per dataset under {@code <data dir>/datasets}. Only admins register (the
 * server's {@code io.gef.volumes.Datasets} checks the role); everyone authenticated lists and reads. Reading never
 * follows a symlink, so a dataset cannot expose anything outside its directory. Files are not hashed on the fly
 * ({@code sha256} is null in trees and downloads) because datasets may be huge and are never copied.
 */
public final class DatasetStore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern NODE_LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path dir;
    private final Set<String> engines;
    /** Engines whose hosts this server cannot see: their datasets are checked through the engine. */
    private final Map<String, RemoteFiles> remote;
    private final Clock clock;
    private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();

    private DatasetStore(Path dir, Set<String> engines, Map<String, RemoteFiles> remote, Clock clock) {
        this.dir = dir;
        this.engines = Set.copyOf(engines);
        this.remote = Map.copyOf(remote);
        this.clock = clock;
    }

    /** Opens (creating if needed) the registry of datasets under {@code dir}; {@code engines} are the known names. */
    public static DatasetStore open(Path dir, Set<String> engines, Clock clock) {
        return open(dir, engines, Map.of(), clock);
    }

    /** Like {@link #open(Path, Set, Clock)}; datasets on the hosts of {@code remote}'s engines are checked there. */
    public static DatasetStore open(Path dir, Set<String> engines, Map<String, RemoteFiles> remote, Clock clock) {
        DatasetStore s = new DatasetStore(dir, engines, remote, clock);
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
                for (Path f : ds) {
                    Stored d = JsonFiles.read(f, Stored.class);
                    s.datasets.put(d.name(), d.toDataset());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open dataset registry " + dir, e);
        }
        return s;
    }

    private record Stored(String name, String engine, String hostPath, String description, String registeredBy,
                          String registeredAt, Map<String, String> nodeLabels) {
        Dataset toDataset() {
            return new Dataset(name, engine, hostPath, description, registeredBy, Instant.parse(registeredAt),
                    nodeLabels);
        }
    }

    /**
     * Registers {@code hostPath} (absolute, an existing directory on the engine's host, which is this host) as
     * dataset {@code name} ({@code [a-z0-9][a-z0-9._-]{0,63}}); 409 if the name is taken.
     */
    public Dataset register(String name, String engine, String hostPath, String description, String registeredBy) {
        return register(name, engine, hostPath, description, registeredBy, Map.of());
    }

    /** Like the above, with swarm node labels ({@code key=value}, letters, digits, '.', '_', '-'). */
    public Dataset register(String name, String engine, String hostPath, String description, String registeredBy,
                            Map<String, String> nodeLabels) {
        Map<String, String> labels = nodeLabels == null ? Map.of() : Map.copyOf(nodeLabels);
        labels.forEach((k, v) -> {
            if (!NODE_LABEL.matcher(k).matches() || !NODE_LABEL.matcher(v).matches()) {
                throw bad("nodeLabels must be names and values of letters, digits, '.', '_' or '-'");
            }
        });
        if (name == null || !NAME.matcher(name).matches()) {
            throw bad("name must match " + NAME.pattern());
        }
        if (engine == null || !engines.contains(engine)) {
            throw bad("engine must be one of " + engines.stream().sorted().toList());
        }
        if (hostPath == null || !hostPath.startsWith("/") || hostPath.indexOf('\0') >= 0) {
            throw bad("hostPath must be an absolute path");
        }
        Path p = Path.of(hostPath).normalize();
        if (!p.toString().equals(hostPath.length() > 1 && hostPath.endsWith("/")
                ? hostPath.substring(0, hostPath.length() - 1) : hostPath)) {
            throw bad("hostPath must be normalized (no '.', '..' or double slashes)");
        }
        if (remote.containsKey(engine) ? !remote.get(engine).exists(p.toString(), true)
                : !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw bad("hostPath must be an existing directory (not a symlink) on the engine's host");
        }
        String desc = description == null ? "" : description.strip();
        if (desc.length() > 2000) {
            throw bad("description must be at most 2000 characters");
        }
        synchronized (datasets) {
            if (datasets.containsKey(name)) {
                throw new GefException(ErrorCode.DATASET_EXISTS, "dataset '" + name + "' exists");
            }
            Instant now = clock.instant();
            Stored st = new Stored(name, engine, p.toString(), desc, registeredBy, now.toString(), labels);
            try {
                JsonFiles.write(dir.resolve(name + ".json"), st);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store dataset " + name, e);
            }
            Dataset d = st.toDataset();
            datasets.put(name, d);
            return d;
        }
    }

    public List<Dataset> list() {
        return datasets.values().stream().sorted(Comparator.comparing(Dataset::name)).toList();
    }

    public Optional<Dataset> find(String name) {
        return Optional.ofNullable(name == null ? null : datasets.get(name));
    }

    /** The dataset, or a 404. */
    public Dataset dataset(String name) {
        Dataset d = name == null ? null : datasets.get(name);
        if (d == null) {
            throw VolumeErrors.notFound("dataset '" + VolumeErrors.printable(name) + "'");
        }
        return d;
    }

    public List<TreeEntry> tree(String name, String path) {
        notBrowsable(dataset(name));
        return Tree.list(Path.of(dataset(name).hostPath()), VolumePath.parse(path), (rel, a) -> null);
    }

    /** True when the dataset exists and has a file or folder at {@code path} (null or empty: its root). */
    public boolean contains(String name, String path) {
        return find(name).map(d -> remote.containsKey(d.engine())
                ? remote.get(d.engine()).exists(VolumePath.parse(path).under(Path.of(d.hostPath())).toString(), false)
                : Files.exists(VolumePath.parse(path).under(Path.of(d.hostPath())),
                LinkOption.NOFOLLOW_LINKS)).orElse(false);
    }

    public OpenFile openFile(String name, String path) {
        try {
            notBrowsable(dataset(name));
            return OpenFile.open(Path.of(dataset(name).hostPath()), VolumePath.parse(path), (rel, a) -> null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of a dataset on another engine's host are mounted into jobs there, not served by this server. */
    private void notBrowsable(Dataset d) {
        if (remote.containsKey(d.engine())) {
            throw new GefException(ErrorCode.CONFLICT, "dataset '" + d.name() + "' lies on engine " + d.engine()
                    + ", whose files this server does not read; run a job on it to see them");
        }
    }

    private static GefException bad(String message) {
        return new GefException(ErrorCode.BAD_DATASET, message);
    }
}
