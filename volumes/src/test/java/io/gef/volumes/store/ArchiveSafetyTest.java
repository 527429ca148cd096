package io.gef.volumes.store;

import static io.gef.volumes.store.Fixtures.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gef.errors.GefException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSafetyTest {
    @TempDir
    Path base;
    LocalVolumeStore store;
    String id;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(base, 1 << 30, 1000);
        id = store.create("alice", "v").id();
    }

    private void assertRefused(byte[] archive, String entry) throws IOException {
        GefException e = catchThrowableOfType(GefException.class,
                () -> store.unpackArchive(id, null, new ByteArrayInputStream(archive)));
        assertThat(e).as("refusal").isNotNull();
        assertThat(e.status()).as("kind").isEqualTo(400);
        assertThat(e.getMessage()).as("message names the entry").contains(entry);
        Fixtures.assertNothingWritten(base, store, id);
    }

    @Test
    void tarWithDotDotEntry_isRejectedNamingItAndWritesNothing() throws IOException {
        assertRefused(Fixtures.tar(new T('f', "ok.txt", "fine"), new T('f', "../../x", "evil")), "../../x");
    }

    @Test
    void tarWithAbsolutePathEntry_isRejectedNamingItAndWritesNothing() throws IOException {
        assertRefused(Fixtures.tar(new T('f', "ok.txt", "fine"), new T('f', "/tmp/evil", "evil")), "/tmp/evil");
    }

    @Test
    void tarWithSymlinkToEtcPasswd_isRejectedNamingItAndWritesNothing() throws IOException {
        assertRefused(Fixtures.tar(new T('f', "ok.txt", "fine"), new T('s', "pw", "/etc/passwd")), "pw");
    }

    @Test
    void tarWithRelativeSymlinkClimbingOut_isRejectedNamingItAndWritesNothing() throws IOException {
        assertRefused(Fixtures.tar(new T('s', "a/up", "../../../etc/passwd")), "a/up");
    }

    @Test
    void tarWithHardLinkOutside_isRejectedNamingItAndWritesNothing() throws IOException {
        assertRefused(Fixtures.tar(new T('f', "ok.txt", "fine"), new T('h', "hl", "../outside")), "hl");
    }

    @Test
    void tarWithCharacterDevice_isRejectedNamingItAndWritesNothing() throws IOException {
        assertRefused(Fixtures.tar(new T('f', "ok.txt", "fine"), new T('c', "null", "")), "null");
    }

    @Test
    void tarWithOverlongName_isRejectedNamingItAndWritesNothing() throws IOException {
        String longName = "d/" + "n".repeat(300);
        assertRefused(Fixtures.tar(new T('f', longName, "x")), "nnnn");
    }

    @Test
    void zipSlipEntry_isRejectedNamingItAndWritesNothing() throws IOException {
        assertRefused(Fixtures.zip("ok.txt", "fine", "../../evil.sh", "boom"), "../../evil.sh");
    }

    @Test
    void zipWithBackslashEntry_isRejectedNamingItAndWritesNothing() throws IOException {
        assertRefused(Fixtures.zip("ok.txt", "fine", "..\\..\\evil.bat", "boom"), "evil.bat");
    }

    @Test
    void zipWithNulInEntryName_isRejectedAndWritesNothing() throws IOException {
        assertRefused(Fixtures.zip("ok.txt", "fine", "a\0b", "boom"), "a\\x00b");
    }

    @Test
    void zipWithAbsoluteEntry_isRejectedNamingItAndWritesNothing() throws IOException {
        assertRefused(Fixtures.zip("/etc/cron.d/evil", "boom"), "/etc/cron.d/evil");
    }

    @Test
    void zipWithSymlinkOutside_isRejectedNamingItAndWritesNothing() throws IOException {
        assertRefused(Fixtures.zipSymlink("link", "/etc/passwd"), "link");
    }

    @Test
    void archiveEntryBelowASymlink_isRejectedAndWritesNothing() throws IOException {
        assertRefused(Fixtures.tar(new T('f', "t.txt", "x"), new T('s', "d", "t.txt"), new T('f', "d/x", "y")),
                "d/x");
    }

    @Test
    void garbageBody_isRejectedAsNotAnArchiveAndWritesNothing() throws IOException {
        GefException e = catchThrowableOfType(GefException.class,
                () -> store.unpackArchive(id, null, new ByteArrayInputStream("hello".getBytes())));
        assertThat(e.status()).as("kind").isEqualTo(400);
        Fixtures.assertNothingWritten(base, store, id);
    }

    @Test
    void linksInsideTheArchive_areKeptAsCopiesOfTheirTarget() {
        var files = store.unpackArchive(id, "in", new ByteArrayInputStream(uncheckedTar(
                new T('d', "./", ""), new T('f', "./a/t.txt", "target"), new T('s', "./a/s", "t.txt"),
                new T('h', "./h", "a/t.txt"))));
        assertThat(files).as("unpacked files").extracting(FileEntry::path)
                .containsExactlyInAnyOrder("in/a/t.txt", "in/a/s", "in/h");
        assertThat(store.tree(id, "in/a")).as("no symlink in the volume").extracting(TreeEntry::type)
                .containsOnly("file");
    }

    private static byte[] uncheckedTar(T... t) {
        try {
            return Fixtures.tar(t);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
