package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.store.Database;
import io.gef.store.Sql;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store against a real H2 file with the real migrations. */
class JobStoreTest {
    @TempDir
    Path dir;
    private Database db;
    private JobStore store;
    private JobRecorder recorder;
    private final JobFeed feed = new JobFeed();

    @BeforeEach
    void open() {
        db = Database.open(dir).migrate();
        store = new JobStore(new Sql(db.dataSource()));
        recorder = new JobRecorder(store, feed, Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Job queued(String id, String owner, String name, Map<String, String> tags) {
        Job j = new Job.Builder().id(id).owner(owner).name(name).state(JobState.QUEUED).service("wordcount")
                .serviceName("wordcount").image("127.0.0.1:5000/gef/wordcount@sha256:" + "a".repeat(64))
                .createdAt(Instant.parse("2026-11-23T00:00:00Z")).tags(tags).build();
        store.insert(j);
        return j;
    }

    @Test
    void move_fromStaleState_failsAndChangesNothing() {
        Job j = queued("job-1", "alice", "a", Map.of());
        assertThat(recorder.move(j, JobState.INITIALIZING, b -> b)).as("first claim").isPresent();
        assertThat(recorder.move(j, JobState.INITIALIZING, b -> b)).as("second claim of the same job").isEmpty();
        assertThat(store.get("job-1").orElseThrow().state()).isEqualTo(JobState.INITIALIZING);
    }

    @Test
    void terminalMove_stampsEndRecordsFinishedAndEndsTheFeed() {
        Job j = queued("job-2", "alice", "a", Map.of());
        var q = new LinkedBlockingQueue<Object>();
        feed.subscribe("job-2", q);
        Job done = recorder.fail(j, new JobError(JobError.Reason.CANCELED, "canceled while queued")).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.CANCELED);
        assertThat(done.endedAt()).isNotNull();
        assertThat(store.events("job-2")).extracting(JobEvent::type).containsExactly("finished");
        assertThat(q).as("live followers see the event, then the end").hasSize(2).last().isSameAs(JobFeed.END);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> recorder.move(done, JobState.RUNNING, b -> b))
                .as("moving out of a terminal state is a bug, not a race").isInstanceOf(IllegalStateException.class);
        assertThat(store.get("job-2").orElseThrow().state()).isEqualTo(JobState.CANCELED);
    }

    @Test
    void list_filtersByOwnerTagAndNamePrefix_newestFirst_withCursorPaging() {
        queued("job-a", "alice", "alpha-1", Map.of("project", "x"));
        queued("job-b", "alice", "alpha-2", Map.of("project", "y"));
        queued("job-c", "bob", "alpha-3", Map.of("project", "x"));
        queued("job-d", "alice", "beta", Map.of());

        var alice = store.list(new JobQuery("alice", null, null, null, null, null, 2));
        assertThat(alice.items()).extracting(Job::id).containsExactly("job-d", "job-b");
        var next = store.list(new JobQuery("alice", null, null, null, null, alice.nextCursor(), 2));
        assertThat(next.items()).extracting(Job::id).containsExactly("job-a");
        assertThat(next.nextCursor()).isNull();

        assertThat(store.list(new JobQuery("alice", null, null, "project=x", null, null, 10)).items())
                .extracting(Job::id).containsExactly("job-a");
        assertThat(store.list(new JobQuery(null, null, null, "project", null, null, 10)).items())
                .extracting(Job::id).containsExactly("job-c", "job-b", "job-a");
        assertThat(store.list(new JobQuery("alice", null, null, null, "alpha", null, 10)).items())
                .extracting(Job::id).containsExactly("job-b", "job-a");
        assertThat(store.list(new JobQuery("alice", null, null, null, "%", null, 10)).items())
                .as("LIKE wildcards in the prefix are literal").isEmpty();
    }

    @Test
    void volumeInUse_onlyWhileAJobIsNotFinished() {
        Job j = new Job.Builder().id("job-v").owner("alice").name("v").state(JobState.QUEUED).service("s")
                .image("i").createdAt(Instant.now())
                .inputs(java.util.List.of(new JobInput("text", "volume", "/in", "vol-42", null, null, null, null,
                        null, null))).build();
        store.insert(j);
        assertThat(store.volumeInUse("vol-42")).isTrue();
        assertThat(store.volumeInUse("vol-4")).as("prefix of another id").isFalse();
        recorder.fail(j, new JobError(JobError.Reason.CANCELED, "x"));
        assertThat(store.volumeInUse("vol-42")).isFalse();
    }

    @Test
    void volumeInUse_seesAnOutputVolumeAddedWhileTheJobRuns() {
        Job j = queued("job-o", "alice", "o", Map.of());
        Job running = recorder.move(j, JobState.INITIALIZING, b -> b).orElseThrow();
        assertThat(store.volumeInUse("vol-out")).as("before the output volume exists").isFalse();
        Job withOutput = recorder.update(running, b -> b.outputs(java.util.List.of(
                new JobOutput("out", "/out", "vol-out", null, null, null)))).orElseThrow();
        assertThat(store.volumeInUse("vol-out")).as("written by a job not yet ended").isTrue();
        recorder.fail(withOutput, new JobError(JobError.Reason.SYSTEM, "ended"));
        assertThat(store.volumeInUse("vol-out")).as("after the job ended").isFalse();
    }

    @Test
    void volumeBeingWritten_onlyByARunningJobThatHasItAsAnOutput_notByTheJobsReadingIt() {
        Job writer = recorder.move(queued("job-w", "alice", "w", Map.of()), JobState.INITIALIZING, b -> b)
                .orElseThrow();
        writer = recorder.update(writer, b -> b.outputs(java.util.List.of(
                new JobOutput("out", "/out", "vol-shared", null, null, null)))).orElseThrow();
        for (int i = 0; i < 3; i++) {
            Job reader = new Job.Builder().id("job-r" + i).owner("bob").name("r").state(JobState.QUEUED).service("s")
                    .image("i").createdAt(Instant.now()).inputs(java.util.List.of(new JobInput("in", "volume", "/in",
                            "vol-read", null, null, null, null, null, null))).build();
            store.insert(reader);
            recorder.move(reader, JobState.INITIALIZING, b -> b).orElseThrow();
        }
        assertThat(store.volumeBeingWritten("vol-shared")).as("the output of a job not ended").isTrue();
        assertThat(store.volumeBeingWritten("vol-read")).as("only read by running jobs").isFalse();
        assertThat(store.volumeInUse("vol-read")).as("but in use").isTrue();
        recorder.fail(writer, new JobError(JobError.Reason.SYSTEM, "ended"));
        assertThat(store.volumeBeingWritten("vol-shared")).as("after its writer ended").isFalse();
    }

    @Test
    void deferredEvents_areStoredWithTheNextChange_inOrder_andPublishedAfterIt() {
        Job j = queued("job-d", "alice", "d", Map.of());
        var q = new LinkedBlockingQueue<Object>();
        feed.subscribe("job-d", q);
        Job claimed = recorder.move(j, JobState.INITIALIZING, b -> b).orElseThrow();
        recorder.defer("job-d", "stage-in-finished", Map.of("bytes", 0));
        recorder.defer("job-d", "user", Map.of("user", "1000:1000"));
        assertThat(store.events("job-d")).as("held until the next change").isEmpty();
        assertThat(q).as("nobody hears a held event before it is stored").isEmpty();
        recorder.move(claimed, JobState.RUNNING, b -> b, new JobRecorder.Event("started", Map.of()));
        assertThat(store.events("job-d")).extracting(JobEvent::type)
                .containsExactly("stage-in-finished", "user", "started");
        assertThat(q).filteredOn(JobEvent.class::isInstance).extracting(e -> ((JobEvent) e).type())
                .containsExactly("stage-in-finished", "user", "started");
    }

    @Test
    void list_withADateRange_keepsJobsSubmittedFromItsStartUntilBeforeItsEnd() {
        Job j = queued("job-d1", "alice", "a", Map.of());
        Instant at = j.createdAt();
        assertThat(store.list(new JobQuery("alice", null, null, null, null, null, 10, at, at.plusSeconds(1))).items())
                .as("from is inclusive").extracting(Job::id).containsExactly("job-d1");
        assertThat(store.list(new JobQuery("alice", null, null, null, null, null, 10, null, at)).items())
                .as("to is exclusive").isEmpty();
        assertThat(store.list(new JobQuery("alice", null, null, null, null, null, 10, at.plusSeconds(1), null))
                .items()).as("submitted before the range").isEmpty();
    }

    @Test
    void queuePosition_countsTheQueuedJobsAhead_andIsEmptyOnceDequeued() {
        Job first = queued("job-q1", "alice", "a", Map.of());
        queued("job-q2", "bob", "b", Map.of());
        Job third = queued("job-q3", "alice", "c", Map.of());
        assertThat(store.queuePosition("job-q3", owner -> 0)).as("two ahead").contains(2);
        recorder.move(first, JobState.INITIALIZING, b -> b);
        assertThat(store.queuePosition("job-q3", owner -> 0)).as("one left the queue").contains(1);
        recorder.move(third, JobState.INITIALIZING, b -> b);
        assertThat(store.queuePosition("job-q3", owner -> 0)).as("no longer queued").isEmpty();
    }

    @Test
    void queuePosition_followsTheFairOrder_soOneUsersManyJobsDoNotAllGoFirst() {
        for (int i = 1; i <= 3; i++) {
            queued("job-a" + i, "alice", "a", Map.of());
        }
        queued("job-b1", "bob", "b", Map.of());
        queued("job-b2", "bob", "b", Map.of());
        assertThat(store.queuePosition("job-b1", owner -> 0)).as("alice's oldest goes first, then bob's turn")
                .contains(1);
        assertThat(store.queuePosition("job-b2", owner -> 0)).as("alice 2, bob's first").contains(3);
        assertThat(store.queuePosition("job-a3", owner -> 0)).as("two turns of each").contains(4);
        assertThat(store.queuePosition("job-b1", owner -> owner.equals("alice") ? 7 : 0))
                .as("alice was served last: bob's turn first").contains(0);
    }
}
