package io.gef.volumes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builders for test archives (including hostile ones) and the "nothing was written" check. */
final class Fixtures {
    private Fixtures() {
    }

    static LocalVolumeStore store(Path base, long maxBytes, long maxFiles) {
        return LocalVolumeStore.open(base.resolve("data/volumes"), "local", new Quota(maxBytes, maxFiles),
                Clock.systemUTC());
    }

    /** A tar entry: kind f=file, d=dir, s=symlink, h=hardlink, c=char device. */
    record T(char kind, String name, String content) {
    }

    static byte[] tar(T... entries) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bos)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (T t : entries) {
                TarArchiveEntry e = switch (t.kind()) {
                    case 'f' -> new TarArchiveEntry(t.name(), true);
                    case 'd' -> new TarArchiveEntry(t.name(), TarConstants.LF_DIR, true);
                    case 's' -> new TarArchiveEntry(t.name(), TarConstants.LF_SYMLINK, true);
                    case 'h' -> new TarArchiveEntry(t.name(), TarConstants.LF_LINK, true);
                    case 'c' -> new TarArchiveEntry(t.name(), TarConstants.LF_CHR, true);
                    default -> throw new IllegalArgumentException();
                };
                byte[] body = t.kind() == 'f' ? t.content().getBytes(StandardCharsets.UTF_8) : new byte[0];
                if (t.kind() == 's' || t.kind() == 'h') {
                    e.setLinkName(t.content());
                }
                e.setSize(body.length);
                tar.putArchiveEntry(e);
                tar.write(body);
                tar.closeArchiveEntry();
            }
        }
        return bos.toByteArray();
    }

    static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bos)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                ZipArchiveEntry e = new ZipArchiveEntry(namesAndContents[i]);
                zip.putArchiveEntry(e);
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        return bos.toByteArray();
    }

    static byte[] zipSymlink(String name, String target) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bos)) {
            ZipArchiveEntry e = new ZipArchiveEntry(name);
            e.setUnixMode(0120777);
            zip.putArchiveEntry(e);
            zip.write(target.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        return bos.toByteArray();
    }

    /**
     * Asserts that under {@code base} the only regular file is the volume's own record (a new volume has no index
     * file: a missing index is empty) and that its index is empty: the volume, its staging area and every parent
     * directory hold nothing an upload wrote.
     */
    static void assertNothingWritten(Path base, LocalVolumeStore store, String volumeId) throws IOException {
        try (Stream<Path> all = Files.walk(base)) {
            List<String> files = all.filter(p -> !Files.isDirectory(p))
                    .map(p -> base.relativize(p).toString()).sorted().toList();
            assertThat(files).as("files anywhere under the data directory")
                    .containsExactly("data/volumes/" + volumeId + "/volume.json");
        }
        try (Stream<Path> staging = Files.list(store.dataPath(volumeId).resolveSibling("staging"))) {
            assertThat(staging).as("staging area").isEmpty();
        }
        assertThat(store.get(volumeId).fileCount()).as("files in the volume's index").isZero();
    }
}
