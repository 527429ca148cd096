package io.gef.volumes.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** Reading volumes: folder listings, single files for download, folders as archives. */
final class VolumeReader {
    private final VolumeRecords records;

    VolumeReader(VolumeRecords records) {
        this.records = records;
    }

    List<TreeEntry> tree(String id, String path) {
        VolumeDir v = records.dir(id);
        VolumePath p = VolumePath.parse(path);
        v.lock.lock();
        try {
            return Tree.list(v.data(), p, (rel, attrs) -> hashOf(v, rel, attrs));
        } finally {
            v.lock.unlock();
        }
    }

    boolean contains(String id, String path) {
        return Files.exists(VolumePath.parse(path).under(records.dir(id).data()), LinkOption.NOFOLLOW_LINKS);
    }

    /** The sha256 from the index when size and mtime still match, else null (a job wrote the file). */
    private static String hashOf(VolumeDir v, String rel, BasicFileAttributes attrs) {
        VolumeDir.Indexed i = v.index.get(rel);
        if (i != null && i.size() == attrs.size() && i.mtime() == attrs.lastModifiedTime().toMillis()) {
            return i.sha256();
        }
        return null;
    }

    /**
     * The channel is opened under the volume lock together with reading its index entry, so the returned size and
     * sha256 describe exactly the bytes the channel reads even if the file is replaced meanwhile.
     */
    OpenFile openFile(String id, String path) {
        VolumeDir v = records.dir(id);
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

    void writeArchive(String id, String path, ArchiveFormat format, OutputStream out) throws IOException {
        Archives.write(folder(id, path), format, out);
    }

    void requireFolder(String id, String path) {
        folder(id, path);
    }

    private Path folder(String id, String path) {
        VolumePath p = VolumePath.parse(path);
        Path folder = p.under(records.dir(id).data());
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw VolumeErrors.notFound("folder '" + p + "'");
        }
        return folder;
    }
}
