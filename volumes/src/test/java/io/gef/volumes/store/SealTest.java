package io.gef.volumes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gef.errors.GefException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealTest {
    @TempDir
    Path base;
    LocalVolumeStore store;
    String id;

    @BeforeEach
    void setUp() {
        store = Fixtures.store(base, 1L << 30, 1000);
        id = store.create("alice", "v").id();
    }

    private void put(String path, String content) {
        store.writeFile(id, path, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), -1);
    }

    @Test
    void sealedVolume_refusesEveryWriteWith409() {
        put("a.txt", "a");
        store.seal(id);
        assertThat(catchThrowableOfType(GefException.class, () -> put("b.txt", "b")).status())
                .as("upload").isEqualTo(409);
        assertThat(catchThrowableOfType(GefException.class, () -> put("a.txt", "changed")).status())
                .as("overwrite").isEqualTo(409);
        assertThat(catchThrowableOfType(GefException.class, () -> store.unpackArchive(id, null,
                new ByteArrayInputStream(Fixtures.zip("c", "c")))).status())
                .as("archive").isEqualTo(409);
        assertThat(catchThrowableOfType(GefException.class, () -> store.prepareForWriter(id, 1000, 1000)).status())
                .as("prepare for writer").isEqualTo(409);
    }

    @Test
    void rootDigest_matchesTheShellOneLinerFromTheDocs() throws Exception {
        put("b.txt", "bee");
        put("a/z.txt", "zed");
        put("a b/ü.txt", "umlaut");
        put("a.txt", "");
        // a job may also write directly into the data directory
        Files.writeString(store.dataPath(id).resolve("direct.txt"), "from a container");
        Volume v = store.seal(id);
        String oneLiner = "cd \"$1\" && find . -type f -printf '%P\\n' | LC_ALL=C sort | while IFS= read -r f; do "
                + "printf '%s\\0%s\\0%s\\n' \"$f\" \"$(stat -c %s \"$f\")\" \"$(sha256sum < \"$f\" | cut -c1-64)\"; "
                + "done | sha256sum | cut -c1-64";
        Process p = new ProcessBuilder("bash", "-c", oneLiner, "bash", store.dataPath(id).toString())
                .redirectErrorStream(true).start();
        String shell = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as("one-liner exit code").isZero();
        assertThat(v.rootDigest()).as("root digest vs. independent shell computation").isEqualTo(shell);
        assertThat(v.fileCount()).as("files including the one written directly").isEqualTo(5);
        assertThat(store.rootDigest(id)).as("rootDigest()").isEqualTo(shell);
    }

    @Test
    void seal_removesAndReportsSymlinksAndSpecialFilesAJobWrote() throws Exception {
        put("keep.txt", "k");
        Path data = store.dataPath(id);
        Files.createSymbolicLink(data.resolve("pw"), Path.of("/etc/passwd"));
        Process p = new ProcessBuilder("mkfifo", data.resolve("fifo").toString()).start();
        assertThat(p.waitFor()).as("mkfifo").isZero();
        Volume v = store.seal(id);
        assertThat(v.removedAtSeal()).as("report").containsExactlyInAnyOrder("symlink: pw", "special file: fifo");
        try (var s = Files.list(data)) {
            assertThat(s.map(x -> x.getFileName().toString())).as("left in the volume").containsExactly("keep.txt");
        }
        assertThat(v.state()).as("state").isEqualTo(VolumeState.SEALED);
    }

    @Test
    void sealedState_survivesARestart() {
        put("a", "a");
        String digest = store.seal(id).rootDigest();
        LocalVolumeStore reopened = LocalVolumeStore.open(base.resolve("data/volumes"), "local",
                new Quota(1L << 30, 1000), Clock.systemUTC());
        assertThat(reopened.get(id).state()).as("state after restart").isEqualTo(VolumeState.SEALED);
        assertThat(reopened.get(id).rootDigest()).as("digest after restart").isEqualTo(digest);
    }


    @Test
    void prepareForWriter_chownsTheDataDirectory() throws IOException {
        put("a/b.txt", "x");
        store.prepareForWriter(id, 1234, 4321);
        Path data = store.dataPath(id);
        assertThat(Files.getAttribute(data, "unix:uid")).as("data dir owner").isEqualTo(1234);
        assertThat(Files.getAttribute(data.resolve("a/b.txt"), "unix:gid")).as("file group").isEqualTo(4321);
    }
}
