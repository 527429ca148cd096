package io.gef.volumes;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managed volumes under one directory ({@code <data dir>/volumes}). Public API for the HTTP layer and for the
 * jobs code:
 * <ul>
 *   <li>{@link #create}, {@link #get}, {@link #find}, {@link #list}, {@link #delete};</li>
 *   <li>{@link #writeFile} (streamed, hashed once, atomic), {@link #unpackArchive} (all-or-nothing),
 *       {@link #tree}, {@link #openFile}, {@link #writeArchive};</li>
 *   <li>for jobs: {@link #dataPath} (host directory to bind-mount), {@link #prepareForWriter} (chown for the job's
 *       uid), {@link #seal} (rescan what a job wrote, hash, root digest, immutable) and {@link #rootDigest}.</li>
 * </ul>
 * Owner checks are the caller's business (the HTTP layer answers 404 for another user's volume); this class checks
 * quotas, paths and states. Errors are {@link io.gef.errors.GefException}s (400/404/409/413).
 */
public final class VolumeStore {
    private static final Logger log = LoggerFactory.getLogger(VolumeStore.class);
    private static final Pattern ID = Pattern.compile("vol-[0-9a-f]{32}");
    private static final int MAX_NAME = 200;

    private final Path root;
    private final Quota quota;
    private final VolumeInUse inUse;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, VolumeDir> volumes = new ConcurrentHashMap<>();
    /** Serialises the short commit step (quota check + rename) so concurrent uploads cannot overshoot a quota. */
    private final Object commitLock = new Object();

    private VolumeStore(Path root, Quota quota, VolumeInUse inUse, Clock clock) {
        this.root = root;
        this.quota = quota;
        this.inUse = inUse;
        this.clock = clock;
    }

    /** Opens (creating if needed) the store under {@code root}, loading every volume and clearing stale staging. */
    public static VolumeStore open(Path root, Quota quota, VolumeInUse inUse, Clock clock) {
        VolumeStore s = new VolumeStore(root, quota, inUse, clock);
        try {
            Files.createDirectories(root);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "vol-*")) {
                for (Path d : ds) {
                    if (Files.exists(d.resolve("volume.json"))) {
                        VolumeDir v = VolumeDir.load(d);
                        Tree.deleteContents(v.staging());
                        s.volumes.put(v.meta.id(), v);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open volume store " + root, e);
        }
        return s;
    }

    public Volume create(String ownerId, String name) {
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

    public Optional<Volume> find(String id) {
        return Optional.ofNullable(id == null ? null : volumes.get(id)).map(this::snapshot);
    }

    /** The volume, or a 404-kind error. */
    public Volume get(String id) {
        return snapshot(dir(id));
    }

    /** Volumes of {@code ownerId} (all volumes when null), newest first. */
    public List<Volume> list(String ownerId, int offset, int limit) {
        return volumes.values().stream()
                .filter(v -> ownerId == null || v.meta.ownerId().equals(ownerId))
                .map(this::snapshot)
                .sorted(Comparator.comparing(Volume::createdAt).reversed().thenComparing(Volume::id))
                .skip(offset).limit(limit).toList();
    }

    /** The host directory holding the volume's files, to bind-mount into a job's container. */
    public Path dataPath(String id) {
        return dir(id).data();
    }

    /**
     * Makes an OPEN volume's data directory (and what is in it) owned by {@code uid:gid}, so a job running as that
     * user can write its outputs there. Needs the server to run as root.
     */
    public void prepareForWriter(String id, int uid, int gid) {
        VolumeDir v = dir(id);
        v.lock.lock();
        try {
            requireOpen(v);
            Tree.chown(v.data(), uid, gid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare volume " + id + " for uid " + uid, e);
        } finally {
            v.lock.unlock();
        }
    }

    /** The root digest of a sealed volume; a 409-kind error while it is open. */
    public String rootDigest(String id) {
        Volume v = get(id);
        if (v.state() != VolumeState.SEALED) {
            throw new GefException(ErrorCode.VOLUME_OPEN, "volume " + id + " is not sealed yet");
        }
        return v.rootDigest();
    }

    /**
     * Stores one file from {@code body} at {@code path}: streamed to the staging area while hashing, forced to
     * disk, then renamed into place atomically, so readers see the old file or the whole new one, never a part.
     * Of concurrent uploads to one path the last to finish wins. {@code declaredLength} (or -1) lets an oversize
     * upload fail before any byte is read.
     */
    public FileEntry writeFile(String id, String path, InputStream body, long declaredLength) {
        VolumeDir v = dir(id);
        VolumePath p = VolumePath.parse(path);
        if (p.isRoot()) {
            throw VolumeErrors.badPath(path, "names no file");
        }
        requireOpen(v);
        long room = roomFor(v.meta.ownerId()) + existingSize(v, p);
        if (declaredLength > room) {
            throw tooLarge();
        }
        Path tmp = v.staging().resolve("upload-" + UUID.randomUUID());
        try {
            FileEntry entry;
            try {
                entry = Hashing.copy(body, tmp, room, p.toString());
            } catch (Hashing.LimitExceeded e) {
                throw tooLarge();
            }
            commit(v, Map.of(p, new Staged(tmp, entry)));
            return entry;
        } catch (Hashing.SourceFailed e) {
            throw interrupted(e);
        } catch (IOException e) {
            throw new UncheckedIOException("upload to " + id + " failed", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Unpacks a .tar, .tar.gz or .zip from {@code body} under folder {@code path}: everything is unpacked into the
     * staging area and validated first; one bad entry fails the whole upload with a 400-kind error naming it and
     * nothing is written.
     */
    public List<FileEntry> unpackArchive(String id, String path, InputStream body) {
        VolumeDir v = dir(id);
        VolumePath base = VolumePath.parse(path);
        requireOpen(v);
        long room = roomFor(v.meta.ownerId());
        Path work = v.staging().resolve("unpack-" + UUID.randomUUID());
        try {
            Files.createDirectories(work);
            Map<VolumePath, Staged> staged = new Unpacker(work, room + existingBytes(v), quota.maxFiles())
                    .unpack(body);
            Map<VolumePath, Staged> moved = new java.util.LinkedHashMap<>();
            staged.forEach((k, s) -> {
                VolumePath target = base.resolve(k);
                moved.put(target, new Staged(s.file(), new FileEntry(target.toString(), s.entry().size(),
                        s.entry().sha256())));
            });
            commit(v, moved);
            return moved.values().stream().map(Staged::entry).toList();
        } catch (Hashing.SourceFailed e) {
            throw interrupted(e);
        } catch (IOException e) {
            throw new UncheckedIOException("archive upload to " + id + " failed", e);
        } finally {
            Tree.deleteQuietly(work);
        }
    }

    /** A file written to staging and hashed, waiting to be moved into the volume. */
    record Staged(Path file, FileEntry entry) {
    }

    private void commit(VolumeDir v, Map<VolumePath, Staged> files) throws IOException {
        synchronized (commitLock) {
            v.lock.lock();
            try {
                requireOpen(v);
                long addBytes = 0;
                long addFiles = 0;
                for (var e : files.entrySet()) {
                    VolumeDir.Indexed old = v.index.get(e.getKey().toString());
                    addBytes += e.getValue().entry().size() - (old == null ? 0 : old.size());
                    addFiles += old == null ? 1 : 0;
                    checkPlace(v, e.getKey());
                }
                Usage u = usage(v.meta.ownerId());
                if (u.bytes() + addBytes > quota.maxBytes() || u.files() + addFiles > quota.maxFiles()) {
                    throw tooLarge();
                }
                for (var e : files.entrySet()) {
                    Path target = e.getKey().under(v.data());
                    Files.createDirectories(target.getParent());
                    Files.move(e.getValue().file(), target, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    FileEntry f = e.getValue().entry();
                    v.index.put(f.path(), new VolumeDir.Indexed(f.size(), f.sha256(),
                            Files.getLastModifiedTime(target).toMillis()));
                }
                v.saveIndex();
            } finally {
                v.lock.unlock();
            }
        }
    }

    /** Refuses a target whose parent is a file or that is itself a directory (409: the volume's shape). */
    private static void checkPlace(VolumeDir v, VolumePath p) {
        Path cur = v.data();
        List<String> segs = p.segments();
        for (int i = 0; i < segs.size(); i++) {
            cur = cur.resolve(segs.get(i));
            boolean last = i == segs.size() - 1;
            if (Files.isSymbolicLink(cur)) {
                throw new GefException(ErrorCode.PATH_CONFLICT, "'" + p + "' passes through a symlink");
            }
            if (!last && Files.isRegularFile(cur, LinkOption.NOFOLLOW_LINKS)) {
                throw new GefException(ErrorCode.PATH_CONFLICT,
                        "'" + p + "' is below '" + String.join("/", segs.subList(0, i + 1)) + "', which is a file");
            }
            if (last && Files.isDirectory(cur, LinkOption.NOFOLLOW_LINKS)) {
                throw new GefException(ErrorCode.PATH_CONFLICT, "'" + p + "' is a directory");
            }
        }
    }

    /** Lists the folder {@code path} of a volume: directories first, then files, each sorted by name. */
    public List<TreeEntry> tree(String id, String path) {
        VolumeDir v = dir(id);
        VolumePath p = VolumePath.parse(path);
        v.lock.lock();
        try {
            return Tree.list(v.data(), p, (rel, attrs) -> hashOf(v, rel, attrs));
        } finally {
            v.lock.unlock();
        }
    }

    /** The sha256 from the index when size and mtime still match, else computed now (a job wrote the file). */
    private static String hashOf(VolumeDir v, String rel, BasicFileAttributes attrs) {
        VolumeDir.Indexed i = v.index.get(rel);
        if (i != null && i.size() == attrs.size() && i.mtime() == attrs.lastModifiedTime().toMillis()) {
            return i.sha256();
        }
        return null;
    }

    /**
     * Opens a file for download. The channel is opened under the volume lock together with reading its index
     * entry, so the returned size and sha256 describe exactly the bytes the channel reads even if the file is
     * replaced meanwhile. The caller closes it.
     */
    public OpenFile openFile(String id, String path) {
        VolumeDir v = dir(id);
        VolumePath p = VolumePath.parse(path);
        v.lock.lock();
        try {
            return OpenFile.open(v.data(), p, (rel, attrs) -> {
                String h = hashOf(v, rel, attrs);
                if (h == null) {
                    h = Hashing.sha256Of(p.under(v.data()));
                }
                return h;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            v.lock.unlock();
        }
    }

    /** Streams the folder {@code path} as an archive to {@code out} (not buffered). */
    public void writeArchive(String id, String path, ArchiveFormat format, OutputStream out) throws IOException {
        VolumeDir v = dir(id);
        VolumePath p = VolumePath.parse(path);
        Path folder = p.under(v.data());
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw VolumeErrors.notFound("folder '" + p + "'");
        }
        Archives.write(folder, format, out);
    }

    /** Checks that the folder exists before a response is committed to streaming. */
    public void requireFolder(String id, String path) {
        VolumePath p = VolumePath.parse(path);
        if (!Files.isDirectory(p.under(dir(id).data()), LinkOption.NOFOLLOW_LINKS)) {
            throw VolumeErrors.notFound("folder '" + p + "'");
        }
    }

    /**
     * Seals a volume: rescans its data directory (a job may have written to it directly), removes and reports
     * symlinks, special files and files with invalid names, hashes every file the index does not already know,
     * computes the root digest, makes the files read-only and marks the volume SEALED. Sealing a sealed volume
     * returns it unchanged.
     */
    public Volume seal(String id) {
        VolumeDir v = dir(id);
        synchronized (commitLock) {
            v.lock.lock();
            try {
                if (v.meta.state() == VolumeState.SEALED) {
                    return v.toVolume();
                }
                Sealer.Result r = Sealer.scan(v.data(), v.index);
                v.index.clear();
                v.index.putAll(r.index());
                v.saveIndex();
                var m = v.meta;
                v.meta = new VolumeDir.Meta(m.id(), m.ownerId(), m.name(), m.createdAt(), VolumeState.SEALED,
                        clock.instant().toString(), RootDigest.of(r.files()), r.removed());
                v.saveMeta();
                if (!r.removed().isEmpty()) {
                    log.warn("sealing {} removed {}", id, r.removed());
                }
                return v.toVolume();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot seal volume " + id, e);
            } finally {
                v.lock.unlock();
            }
        }
    }

    /** Deletes a volume and its files; 409 while a queued or running job uses it. */
    public void delete(String id) {
        VolumeDir v = dir(id);
        if (inUse.inUse(id)) {
            throw new GefException(ErrorCode.VOLUME_IN_USE, "volume " + id + " is used by a job");
        }
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

    private long roomFor(String ownerId) {
        return Math.max(0, quota.maxBytes() - usage(ownerId).bytes());
    }

    private static long existingSize(VolumeDir v, VolumePath p) {
        VolumeDir.Indexed i = v.index.get(p.toString());
        return i == null ? 0 : i.size();
    }

    private static long existingBytes(VolumeDir v) {
        return v.totalBytes();
    }

    private static GefException interrupted(IOException cause) {
        return new GefException(ErrorCode.UPLOAD_INTERRUPTED,
                "the upload ended early or could not be read; nothing was kept", cause);
    }

    private GefException tooLarge() {
        return new GefException(ErrorCode.QUOTA_EXCEEDED, "this would exceed your volume quota of "
                + quota.maxBytes() + " bytes and " + quota.maxFiles() + " files");
    }

    private static void requireOpen(VolumeDir v) {
        if (!v.meta.state().isWritable()) {
            throw VolumeErrors.sealed(v.meta.id());
        }
    }

    private VolumeDir dir(String id) {
        VolumeDir v = id == null || !ID.matcher(id).matches() ? null : volumes.get(id);
        if (v == null) {
            throw VolumeErrors.notFound("volume '" + VolumeErrors.printable(id) + "'");
        }
        return v;
    }

    private Volume snapshot(VolumeDir v) {
        v.lock.lock();
        try {
            return v.toVolume();
        } finally {
            v.lock.unlock();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("cannot delete {}", p, e);
        }
    }

    static FileChannel read(Path p) throws IOException {
        try {
            return FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw VolumeErrors.notFound("file");
        }
    }
}
