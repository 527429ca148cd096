package io.gef.volumes.store;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The volumes of one directory, by id, and what each owner stores over all of them. The writer, reader and sealer
 * find a volume here; {@link #commitLock} serialises the short steps that change sizes (an upload's commit, a
 * seal) so that concurrent uploads cannot overshoot a quota.
 */
final class VolumeRecords {
    private static final Pattern ID = Pattern.compile("vol-[0-9a-f]{32}");
    private static final int MAX_NAME = 200;

    final Object commitLock = new Object();
    private final Path root;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, VolumeDir> volumes = new ConcurrentHashMap<>();

    private VolumeRecords(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** Loads every volume under {@code root} (creating it if needed) and clears stale staging files. */
    static VolumeRecords open(Path root, Clock clock) {
        VolumeRecords r = new VolumeRecords(root, clock);
        try {
            Files.createDirectories(root);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "vol-*")) {
                for (Path d : ds) {
                    if (Files.exists(d.resolve("volume.json"))) {
                        VolumeDir v = VolumeDir.load(d);
                        Tree.deleteContents(v.staging());
                        r.volumes.put(v.meta.id(), v);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open volume store " + root, e);
        }
        return r;
    }

    Clock clock() {
        return clock;
    }

    Volume create(String ownerId, String name) {
        if (ownerId == null || ownerId.isBlank()) {
            throw new IllegalArgumentException("ownerId is required");
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(c -> c < 0x20)) {
            throw new GefException(ErrorCode.BAD_NAME,
                    "name is required, at most " + MAX_NAME + " characters, without control characters");
        }
        byte[] b = new byte[16];
        random.nextBytes(b);
        String id = "vol-" + HexFormat.of().formatHex(b);
        var meta = new VolumeDir.Meta(id, ownerId, name.strip(), clock.instant().toString(), VolumeState.OPEN, null,
                null, List.of());
        try {
            VolumeDir v = VolumeDir.create(root.resolve(id), meta);
            volumes.put(id, v);
            return v.toVolume();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create volume " + id, e);
        }
    }

    Optional<Volume> find(String id) {
        return Optional.ofNullable(id == null ? null : volumes.get(id)).map(VolumeRecords::snapshot);
    }

    List<Volume> list(String ownerId, int offset, int limit) {
        return volumes.values().stream()
                .filter(v -> ownerId == null || v.meta.ownerId().equals(ownerId))
                .map(VolumeRecords::snapshot)
                .sorted(Comparator.comparing(Volume::createdAt).reversed().thenComparing(Volume::id))
                .skip(offset).limit(limit).toList();
    }

    void delete(String id) {
        VolumeDir v = dir(id);
        v.lock.lock();
        try {
            volumes.remove(id);
            // rename first so a half-finished delete never looks like a volume at the next start
            Path gone = root.resolve(".deleted-" + id);
            Files.move(v.dir, gone, StandardCopyOption.ATOMIC_MOVE);
            Tree.deleteQuietly(gone);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete volume " + id, e);
        } finally {
            v.lock.unlock();
        }
    }

    /** The volume's directory, or a 404. */
    VolumeDir dir(String id) {
        VolumeDir v = id == null || !ID.matcher(id).matches() ? null : volumes.get(id);
        if (v == null) {
            throw VolumeErrors.notFound("volume '" + VolumeErrors.printable(id) + "'");
        }
        return v;
    }

    record Usage(long bytes, long files) {
    }

    /** What {@code ownerId} stores over all volumes, as far as the indexes know. */
    Usage usage(String ownerId) {
        long bytes = 0;
        long files = 0;
        for (VolumeDir v : volumes.values()) {
            if (v.meta.ownerId().equals(ownerId)) {
                bytes += v.totalBytes();
                files += v.index.size();
            }
        }
        return new Usage(bytes, files);
    }

    static void requireOpen(VolumeDir v) {
        if (!v.meta.state().isWritable()) {
            throw VolumeErrors.sealed(v.meta.id());
        }
    }

    static Volume snapshot(VolumeDir v) {
        v.lock.lock();
        try {
            return v.toVolume();
        } finally {
            v.lock.unlock();
        }
    }
}
