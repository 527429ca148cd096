package io.gef.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.volumes.store.RemoteFiles;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Volumes kept on an engine's host as Docker named volumes ({@code gef-<volume id>}, labelled
 * {@code gef.volume.id}), filled, read, hashed and handed to jobs through the engine's API alone, by short-lived
 * helper containers ({@link HelperContainers}) of the base image: a file goes in as a tar stream copied into
 * {@code staging/} of the volume and moved into {@code data/} in one rename; a file or folder comes out as the
 * engine's tar stream, read as it arrives. A job bind-mounts {@code data/} from the volume's mountpoint on that host.
 */
public final class EngineVolumeFiles implements RemoteFiles {
    static final String LABEL_VOLUME = "gef.volume.id";
    private static final String SEAL = """
            set -e
            cd /v/data
            nl=$(printf '\\n_'); nl=${nl%_}
            find . -mindepth 1 -name "*$nl*" -exec rm -rf {} + -prune
            find . -mindepth 1 ! -type f ! -type d | while IFS= read -r f; do echo "R $f"; rm -f "$f"; done
            find . -type f -exec stat -c 'S %s %n' {} +
            find . -type f -exec sha256sum {} + | sed 's/^/H /'
            chown -R 0:0 .
            chmod -R a-w,a+rX .
            """;
    private final DockerClient client;
    private final String engine;
    private final ContainerRunner runner;
    private final HelperContainers helpers;
    private final Map<String, String> mountpoints = new ConcurrentHashMap<>();

    /** @param helperImage the base image the helpers run ({@code registry/gef/base:1}), pulled when missing */
    public EngineVolumeFiles(ContainerRunner runner, DockerEngine engine, String helperImage) {
        this.client = engine.client();
        this.engine = engine.name();
        this.runner = runner; // asked for its user namespace only when needed: the engine may be down at start
        this.helpers = new HelperContainers(client, helperImage, runner);
    }

    private static String volumeName(String id) {
        return "gef-" + id;
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public void create(String volumeId) {
        client.createVolumeCmd().withName(volumeName(volumeId)).withLabels(Map.of(LABEL_VOLUME, volumeId)).exec();
        helpers.run(HelperContainers.volume(volumeName(volumeId)), List.of("mkdir", "-p", "/v/data", "/v/staging"));
    }

    @Override
    public void delete(String volumeId) {
        try {
            client.removeVolumeCmd(volumeName(volumeId)).exec();
        } catch (NotFoundException gone) {
            // deleted already
        }
        mountpoints.remove(volumeId);
    }

    @Override
    public void put(String volumeId, String path, InputStream body, long length) throws IOException {
        String staged = "upload-" + UUID.randomUUID();
        helpers.putAndRun(HelperContainers.volume(volumeName(volumeId)), "/v/staging", staged, body, length,
                List.of("sh", "-c", "mkdir -p \"$(dirname \"/v/data/$1\")\" && mv -f \"/v/staging/$2\" \"/v/data/$1\"",
                        "sh", path, staged));
    }

    @Override
    public InputStream get(String volumeId, String path) throws IOException {
        String source = path.isEmpty() ? "/v/data" : "/v/data/" + path;
        String id = helpers.create(HelperContainers.volume(volumeName(volumeId)), List.of("true"));
        try {
            return new FilterInputStream(client.copyArchiveFromContainerCmd(id, source).exec()) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        helpers.remove(id);
                    }
                }
            };
        } catch (NotFoundException e) {
            helpers.remove(id);
            throw new GefException(ErrorCode.NOT_FOUND, "'" + path + "' not found");
        } catch (RuntimeException e) {
            helpers.remove(id);
            throw e;
        }
    }

    @Override
    public Scan seal(String volumeId, Predicate<String> badName) {
        var mount = HelperContainers.volume(volumeName(volumeId));
        String out = helpers.run(mount, List.of("sh", "-c", SEAL));
        Map<String, Long> sizes = new HashMap<>();
        Map<String, String> hashes = new HashMap<>();
        List<String> removed = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("R ./")) {
                removed.add("special file or symlink: " + line.substring(4));
            } else if (line.startsWith("S ")) {
                String[] f = line.split(" ", 3);
                sizes.put(rel(f[2]), Long.parseLong(f[1]));
            } else if (line.startsWith("H ") && line.length() > 68) {
                hashes.put(rel(line.substring(68)), line.substring(2, 66));
            }
        }
        List<Scanned> files = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        sizes.forEach((p, size) -> {
            if (badName.test(p) || !hashes.containsKey(p)) {
                bad.add(p);
                removed.add("file with a bad name: " + p);
            } else {
                files.add(new Scanned(p, size, hashes.get(p)));
            }
        });
        if (!bad.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("sh", "-c", "cd /v/data && rm -rf -- \"$@\"", "sh"));
            rm.addAll(bad);
            helpers.run(mount, rm);
        }
        files.sort(java.util.Comparator.comparing(Scanned::path));
        return new Scan(files, removed);
    }

    private static String rel(String found) {
        return found.startsWith("./") ? found.substring(2) : found;
    }

    @Override
    public void chown(String volumeId, long hostUid, long hostGid) {
        UserNamespace userNamespace = runner.userNamespace();
        long uid = userNamespace.remapped() ? hostUid - userNamespace.uidBase() : hostUid;
        long gid = userNamespace.remapped() ? hostGid - userNamespace.gidBase() : hostGid;
        helpers.run(HelperContainers.volume(volumeName(volumeId)), List.of("chown", "-R", uid + ":" + gid,
                "/v/data"));
    }

    @Override
    public String hostPath(String volumeId) {
        return mountpoints.computeIfAbsent(volumeId, id -> client.inspectVolumeCmd(volumeName(id)).exec()
                .getMountpoint() + "/data");
    }

    @Override
    public String realPath(String hostRoot, String sub) {
        String real;
        try {
            real = helpers.run(HelperContainers.bind(hostRoot), List.of("sh", "-c",
                    "r=$(readlink -f \"/v/$1\") && [ -e \"$r\" ] && echo \"$r\"", "sh", sub)).strip();
        } catch (RuntimeException e) {
            throw new GefException(ErrorCode.BAD_PATH, "path " + sub + " does not exist");
        }
        if (!real.equals("/v") && !real.startsWith("/v/")) {
            throw new GefException(ErrorCode.BAD_PATH, "path " + sub + " leads outside it (a symbolic link); refused");
        }
        return hostRoot + real.substring(2);
    }

    @Override
    public boolean exists(String hostPath, boolean dirOnly) {
        try {
            helpers.run(HelperContainers.bind(hostPath), List.of("test", dirOnly ? "-d" : "-e", "/v"));
            return true;
        } catch (RuntimeException e) {
            return false; // the bind mount itself fails when nothing is there
        }
    }
}
