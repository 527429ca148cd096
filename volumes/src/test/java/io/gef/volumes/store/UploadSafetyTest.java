package io.gef.volumes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gef.errors.GefException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadSafetyTest {
    @TempDir
    Path base;
    LocalVolumeStore store;
    String id;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(base, 1000, 3);
        id = store.create("alice", "v").id();
    }

    private void assertBadPath(String path) throws IOException {
        GefException e = catchThrowableOfType(GefException.class,
                () -> store.writeFile(id, path, new ByteArrayInputStream("x".getBytes()), 1));
        assertThat(e).as("refusal of " + path).isNotNull();
        assertThat(e.status()).as("kind").isEqualTo(400);
        assertThat(e.getMessage()).as("message names the path").contains(VolumeErrors.printable(path)
                .substring(0, Math.min(20, path.length())));
        Fixtures.assertNothingWritten(base, store, id);
    }

    @Test
    void upload_withDotDotSegment_isRejectedAndWritesNothing() throws IOException {
        assertBadPath("a/../../escape.txt");
    }

    @Test
    void upload_withAbsolutePath_isRejectedAndWritesNothing() throws IOException {
        assertBadPath("/etc/passwd");
    }

    @Test
    void upload_withBackslash_isRejectedAndWritesNothing() throws IOException {
        assertBadPath("a\\b.txt");
    }

    @Test
    void upload_withNul_isRejectedAndWritesNothing() throws IOException {
        assertBadPath("a\0b.txt");
    }

    @Test
    void upload_withOverlongName_isRejectedAndWritesNothing() throws IOException {
        assertBadPath("x".repeat(256));
    }

    @Test
    void upload_withOverlongPath_isRejectedAndWritesNothing() throws IOException {
        assertBadPath("abcdefgh/".repeat(500) + "f");
    }

    @Test
    void upload_overByteQuota_is413AndWritesNothing() throws IOException {
        GefException e = catchThrowableOfType(GefException.class,
                () -> store.writeFile(id, "big", new ByteArrayInputStream(new byte[1001]), -1));
        assertThat(e.status()).as("kind").isEqualTo(413);
        Fixtures.assertNothingWritten(base, store, id);
    }

    @Test
    void upload_withDeclaredLengthOverQuota_is413BeforeReading() throws IOException {
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("body must not be read");
            }
        };
        GefException e = catchThrowableOfType(GefException.class,
                () -> store.writeFile(id, "big", never, 5000));
        assertThat(e.status()).as("kind").isEqualTo(413);
        Fixtures.assertNothingWritten(base, store, id);
    }

    @Test
    void upload_overByteQuotaAcrossVolumes_is413() {
        String other = store.create("alice", "w").id();
        store.writeFile(other, "a", new ByteArrayInputStream(new byte[600]), -1);
        GefException e = catchThrowableOfType(GefException.class,
                () -> store.writeFile(id, "b", new ByteArrayInputStream(new byte[600]), -1));
        assertThat(e.status()).as("quota is per user, over all volumes").isEqualTo(413);
    }

    @Test
    void upload_overFileCountQuota_is413() {
        for (int i = 0; i < 3; i++) {
            store.writeFile(id, "f" + i, new ByteArrayInputStream(new byte[1]), -1);
        }
        GefException e = catchThrowableOfType(GefException.class,
                () -> store.writeFile(id, "f3", new ByteArrayInputStream(new byte[1]), -1));
        assertThat(e.status()).as("kind").isEqualTo(413);
        assertThat(store.get(id).fileCount()).as("files kept").isEqualTo(3);
    }

    @Test
    void archive_overFileCountQuota_is413AndWritesNothing() throws IOException {
        byte[] zip = Fixtures.zip("a", "1", "b", "2", "c", "3", "d", "4");
        GefException e = catchThrowableOfType(GefException.class,
                () -> store.unpackArchive(id, null, new ByteArrayInputStream(zip)));
        assertThat(e.status()).as("kind").isEqualTo(413);
        Fixtures.assertNothingWritten(base, store, id);
    }

    @Test
    void replacingAFile_countsOnlyTheDifferenceAgainstTheQuota() {
        store.writeFile(id, "f", new ByteArrayInputStream(new byte[900]), -1);
        FileEntry e = store.writeFile(id, "f", new ByteArrayInputStream(new byte[950]), -1);
        assertThat(e.size()).as("replacement size").isEqualTo(950);
        assertThat(store.get(id).totalBytes()).as("total bytes").isEqualTo(950);
    }
}
