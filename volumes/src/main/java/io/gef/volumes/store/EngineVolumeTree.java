package io.gef.volumes.store;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The folders and files of a volume on another engine, as its index knows them (every upload and every seal
 * records each file), so listing never asks the engine. Folders are the parents of indexed files; an empty folder a
 * job left is not listed.
 */
final class EngineVolumeTree {
    /** "file", "dir" or null when the volume has nothing at {@code p}. */
    String kind(VolumeDir v, VolumePath p) {
        if (p.isRoot()) {
            return "dir";
        }
        String s = p.toString();
        v.lock.lock();
        try {
            if (v.index.containsKey(s)) {
                return "file";
            }
            String sub = v.index.ceilingKey(s + "/");
            return sub != null && sub.startsWith(s + "/") ? "dir" : null;
        } finally {
            v.lock.unlock();
        }
    }

    List<TreeEntry> list(VolumeDir v, VolumePath p) {
        String kind = kind(v, p);
        if (kind == null) {
            throw VolumeErrors.notFound("'" + p + "'");
        }
        if (kind.equals("file")) {
            throw new GefException(ErrorCode.NOT_A_FOLDER, "'" + p + "' is a file");
        }
        String prefix = p.isRoot() ? "" : p + "/";
        Instant at = modified(v);
        Map<String, TreeEntry> dirs = new TreeMap<>();
        Map<String, TreeEntry> files = new TreeMap<>();
        v.lock.lock();
        try {
            for (var e : v.index.tailMap(prefix, true).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                String rest = e.getKey().substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash >= 0) {
                    dirs.putIfAbsent(rest.substring(0, slash), TreeEntry.dir(rest.substring(0, slash), at));
                } else {
                    files.put(rest, TreeEntry.file(rest, e.getValue().size(), e.getValue().sha256(), at));
                }
            }
        } finally {
            v.lock.unlock();
        }
        List<TreeEntry> out = new ArrayList<>(dirs.values());
        out.addAll(files.values());
        return out;
    }

    /** Refuses a target below a file, or one that is a folder (409: the volume's shape). */
    void checkPlace(VolumeDir v, VolumePath p) {
        List<String> segs = p.segments();
        for (int i = 1; i < segs.size(); i++) {
            String parent = String.join("/", segs.subList(0, i));
            if ("file".equals(kind(v, VolumePath.parse(parent)))) {
                throw new GefException(ErrorCode.PATH_CONFLICT, "'" + p + "' is below '" + parent
                        + "', which is a file");
            }
        }
        if ("dir".equals(kind(v, p))) {
            throw new GefException(ErrorCode.PATH_CONFLICT, "'" + p + "' is a directory");
        }
    }

    /** When the volume last changed, as far as its record tells: sealed, else created. */
    Instant modified(VolumeDir v) {
        var m = v.meta;
        return Instant.parse(m.sealedAt() != null ? m.sealedAt() : m.createdAt());
    }
}
