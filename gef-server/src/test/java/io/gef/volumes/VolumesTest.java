package io.gef.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.store.Database;
import io.gef.volumes.store.DatasetStore;
import io.gef.volumes.store.LocalVolumeStore;
import io.gef.volumes.store.Quota;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caller-aware rules of the volumes service, without HTTP: who sees what, in use, where jobs mount from. */
class VolumesTest {
    private static final Caller ALICE = new Caller("alice", "alice", Set.of(Role.USER));
    private static final Caller BOB = new Caller("bob", "bob", Set.of(Role.USER));
    private static final Caller ROOT = new Caller("root", "root", Set.of(Role.ADMIN));

    @TempDir
    Path base;
    private final Set<String> busy = new HashSet<>();
    private final Set<String> written = new HashSet<>();
    private Volumes volumes;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(base.resolve("db")).migrate();
        volumes = new Volumes(LocalVolumeStore.open(base.resolve("volumes"), "local", new Quota(1L << 20, 100),
                Clock.systemUTC()), DatasetStore.open(base.resolve("datasets"), Set.of("local"), Clock.systemUTC()),
                VolumeUsage.of(busy::contains, written::contains), db.dataSource(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private String put(Caller c, String path, String text) {
        String id = volumes.create(c, "v").id();
        volumes.writeFile(c, id, path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), -1);
        return id;
    }

    @Test
    void anotherUsersVolume_isNotFound_likeOneThatDoesNotExist() {
        String id = put(ALICE, "a.txt", "a");
        GefException theirs = catchThrowableOfType(GefException.class, () -> volumes.get(BOB, id));
        GefException none = catchThrowableOfType(GefException.class, () -> volumes.get(BOB, "vol-nope"));
        assertThat(theirs.status()).as("another user's volume").isEqualTo(404);
        assertThat(theirs.code()).as("same code as a missing one").isEqualTo(none.code());
        assertThatThrownBy(() -> volumes.delete(BOB, id)).as("bob cannot delete it").isInstanceOf(GefException.class);
        assertThat(volumes.get(ROOT, id).ownerId()).as("an admin sees it").isEqualTo("alice");
    }

    @Test
    void list_ofAUser_holdsOnlyTheirs_andOfAnAdmin_everyonesUnlessMine() {
        put(ALICE, "a.txt", "a");
        put(BOB, "b.txt", "b");
        assertThat(volumes.list(ALICE, false, 0, 10)).as("alice").hasSize(1);
        assertThat(volumes.list(ROOT, false, 0, 10)).as("admin, all").hasSize(2);
        assertThat(volumes.list(ROOT, true, 0, 10)).as("admin, mine").isEmpty();
    }

    @Test
    void delete_whileAJobUsesTheVolume_is409AndKeepsIt() {
        String id = put(ALICE, "a.txt", "a");
        busy.add(id);
        assertThat(catchThrowableOfType(GefException.class, () -> volumes.delete(ALICE, id)).code().id())
                .as("code").isEqualTo("volume_in_use");
        assertThat(volumes.get(ALICE, id).fileCount()).as("still there").isEqualTo(1);
        busy.clear();
        volumes.delete(ALICE, id);
        assertThat(volumes.readable(id, "alice", false)).as("gone").isFalse();
    }

    @Test
    void mountSource_onTheVolumesEngine_isItsDirectory_andElsewhereFails() throws IOException {
        String id = put(ALICE, "dir/a.txt", "a");
        var source = volumes.mountSource(id, "dir", "local");
        assertThat(Files.readString(Path.of(source.hostPath()).resolve("a.txt"))).as("mounted file").isEqualTo("a");
        assertThatThrownBy(() -> volumes.mountSource(id, null, "remote")).as("another engine")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("remote");
    }

    @Test
    void jobsWriteAndReadFiles_throughTheService() throws IOException {
        String id = volumes.create("alice", "job output");
        var f = volumes.write(id, "out.txt", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(f.size()).as("size").isEqualTo(5);
        assertThat(volumes.contains(id, "out.txt")).as("contains").isTrue();
        assertThat(volumes.contains(id, "../escape")).as("a bad path names nothing").isFalse();
        try (var in = volumes.read(id, "out.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("read back").isEqualTo("hello");
        }
        assertThat(volumes.seal(id).files()).as("sealed files").isEqualTo(1);
        assertThat(volumes.files(id)).as("digests").singleElement()
                .satisfies(d -> assertThat(d.sha256()).as("sha256").isEqualTo(f.sha256()));
    }

    @Test
    void registeringADataset_needsAnAdmin_andOnlyAdminsSeeItsHostPath() throws IOException {
        Path dir = Files.createDirectories(base.resolve("genomes"));
        var r = new Datasets.Registration("genomes", "local", dir.toString(), "hg38");
        assertThatThrownBy(() -> volumes.datasets().register(ALICE, r)).as("a user")
                .isInstanceOfSatisfying(GefException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(volumes.datasets().register(ROOT, r).hostPath()).as("admin sees").isEqualTo(dir.toString());
        assertThatThrownBy(() -> volumes.datasets().get(ALICE, "genomes")).as("not granted: like no dataset")
                .isInstanceOfSatisfying(GefException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(volumes.datasetReadable("genomes", ALICE)).as("alice may not mount it").isFalse();
        volumes.datasets().grant(ROOT, "genomes", new Datasets.GrantRequest(null, "user"));
        assertThat(volumes.datasets().get(ALICE, "genomes").hostPath()).as("user does not see").isNull();
        assertThat(volumes.datasetReadable("genomes", ALICE)).as("granted to role user").isTrue();
        assertThat(volumes.datasetMountSource("genomes", null, "local")).as("mount")
                .hasValueSatisfying(m -> assertThat(m.hostPath()).isEqualTo(dir.toString()));
        assertThat(volumes.datasetMountSource("nope", null, "local")).as("no such dataset").isEmpty();
    }

    @Test
    void aDatasetGrantedToOneUser_isInvisibleToAnother() throws IOException {
        Path dir = Files.createDirectories(base.resolve("restricted"));
        volumes.datasets().register(ROOT, new Datasets.Registration("restricted", "local", dir.toString(), ""));
        volumes.datasets().grant(ROOT, "restricted", new Datasets.GrantRequest("alice", null));
        assertThat(volumes.datasets().list(ALICE)).as("alice lists it").hasSize(1);
        assertThat(volumes.datasets().list(BOB)).as("bob does not").isEmpty();
        assertThat(volumes.datasetReadable("restricted", BOB)).as("bob cannot mount it").isFalse();
        assertThatThrownBy(() -> volumes.datasets().grant(ROOT, "restricted", new Datasets.GrantRequest("a", "user")))
                .as("user and role at once").isInstanceOfSatisfying(GefException.class,
                        e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void aSymlinkInsideADataset_cannotBecomeAMountSourceOutsideIt() throws IOException {
        Path dir = Files.createDirectories(base.resolve("linked"));
        Path outside = Files.createDirectories(base.resolve("secret"));
        Files.createSymbolicLink(dir.resolve("escape"), outside);
        Files.createDirectories(dir.resolve("real"));
        Files.createSymbolicLink(dir.resolve("inner"), dir.resolve("real"));
        volumes.datasets().register(ROOT, new Datasets.Registration("linked", "local", dir.toString(), ""));
        String real = dir.resolve("real").toRealPath().toString();
        assertThatThrownBy(() -> volumes.datasetMountSource("linked", "escape", "local")).as("link leaving it")
                .isInstanceOfSatisfying(GefException.class, e -> assertThat(e.getMessage()).contains("leads outside"));
        assertThat(volumes.datasetMountSource("linked", "inner", "local")).as("a link inside is resolved, not passed on")
                .hasValueSatisfying(m -> assertThat(m.hostPath()).isEqualTo(real));
    }

    @Test
    void aSymlinkAJobLeftInAVolume_cannotBecomeAMountSourceOutsideIt() throws IOException {
        String id = put(ALICE, "a.txt", "a");
        Path data = Path.of(volumes.mountSource(id, null, "local").hostPath());
        Files.createSymbolicLink(data.resolve("etc"), Path.of("/etc")); // as a job writing its output could
        assertThatThrownBy(() -> volumes.mountSource(id, "etc", "local"))
                .isInstanceOfSatisfying(GefException.class, e -> assertThat(e.getMessage()).contains("leads outside"));
        assertThat(volumes.seal(ALICE, id).rootDigest()).as("sealing removes the link").isNotNull();
        assertThat(data.resolve("etc")).as("link removed at sealing").doesNotExist();
    }

    @Test
    void aVolumeAJobStillWrites_cannotBeSealed() {
        String id = put(ALICE, "a.txt", "a");
        written.add(id);
        assertThatThrownBy(() -> volumes.seal(ALICE, id)).isInstanceOfSatisfying(GefException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_BEING_WRITTEN));
        assertThat(volumes.beingWritten(id)).as("jobs are told too").isTrue();
    }

    @Test
    void search_findsByNameInAnyCase_hidesOrShowsTheVolumesGefMade_andCountsAllMatches() {
        volumes.create(ALICE, "Chapter one");
        volumes.create(ALICE, "chapter two");
        volumes.create(ALICE, "job-0a1b output counts");
        volumes.create(ALICE, "upload for text");
        volumes.create(ALICE, "input text: notes.txt");
        volumes.create(BOB, "chapter of bob");
        var mine = volumes.search(ALICE, new VolumeSearch(false, "CHAPTER", VolumeSearch.MadeBy.USER), 0, 1);
        assertThat(mine.total()).as("all of alice's matches are counted").isEqualTo(2);
        assertThat(mine.items()).as("one page of one").hasSize(1);
        var gef = volumes.search(ALICE, new VolumeSearch(false, null, VolumeSearch.MadeBy.GEF), 0, 10);
        assertThat(gef.items()).extracting(l -> l.volume().name())
                .containsExactlyInAnyOrder("job-0a1b output counts", "upload for text", "input text: notes.txt");
        assertThat(gef.items()).extracting(VolumeSearch.Listed::job)
                .containsExactlyInAnyOrder("job-0a1b", null, null);
        assertThat(volumes.search(ALICE, new VolumeSearch(false, null, VolumeSearch.MadeBy.ALL), 0, 10).total())
                .as("all of alice's").isEqualTo(5);
    }
}
