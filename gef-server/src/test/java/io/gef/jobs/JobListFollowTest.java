package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.store.Database;
import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following the job list: snapshot, then every stored version of the caller's jobs only. Real H2, no Docker. */
class JobListFollowTest {
    @TempDir
    Path dir;
    private Database db;
    private JobRecorder recorder;
    private JobService service;
    private final JobFeed feed = new JobFeed();
    private final Caller alice = new Caller("alice", "alice", Set.of(Role.USER));
    private final Caller admin = new Caller("root", "admin", Set.of(Role.ADMIN));
    private final JobQuery all = new JobQuery(null, null, null, null, null, null, 50);

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("db")).migrate();
        JobStore store = new JobStore(new Sql(db.dataSource()));
        recorder = new JobRecorder(store, feed, Clock.systemUTC());
        service = new JobService(store, recorder, feed, new LogBook(dir.resolve("jobs"), 1 << 20), null, null, null, 0, null);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Job queued(String id, String owner) {
        Job j = new Job.Builder().id(id).owner(owner).name(id).state(JobState.QUEUED).service("s").serviceName("s")
                .image("i").createdAt(Instant.now()).build();
        recorder.insert(j);
        return j;
    }

    /** Records what a stream would send, as "snapshot:[ids]" and "job:id:STATE"; stops when told to. */
    private static final class Recorded implements JobService.ListFollower {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        final CountDownLatch snapshot = new CountDownLatch(1);
        volatile CountDownLatch holdAfterSnapshot = new CountDownLatch(0);
        volatile boolean keepGoing = true;
        volatile boolean fellBehind;

        @Override
        public boolean onSnapshot(JobPage page) {
            seen.add("snapshot:" + page.items().stream().map(Job::id).toList());
            snapshot.countDown();
            try {
                holdAfterSnapshot.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return keepGoing;
        }

        @Override
        public boolean onJob(Job job) {
            seen.add("job:" + job.id() + ":" + job.state() + (job.reproducibility() == null ? "" : ":verdict"));
            return keepGoing;
        }

        @Override
        public boolean idle() {
            return keepGoing;
        }

        @Override
        public void fellBehind() {
            fellBehind = true;
        }

        String next() throws InterruptedException {
            String s = seen.poll(10, TimeUnit.SECONDS);
            assertThat(s).as("a stream item within 10 s").isNotNull();
            return s;
        }
    }

    private Thread follow(Caller caller, JobQuery q, Recorded r) throws InterruptedException {
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                service.followList(caller, q, r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(r.snapshot.await(10, TimeUnit.SECONDS)).as("snapshot sent").isTrue();
        return t;
    }

    @Test
    void followList_sendsSnapshotThenEveryVersionOfOwnJobs_neverAnotherUsers() throws Exception {
        queued("job-old", "alice");
        queued("job-bobs-old", "bob");
        Recorded r = new Recorded();
        Thread t = follow(alice, all, r);
        assertThat(r.next()).isEqualTo("snapshot:[job-old]");

        queued("job-bob", "bob");
        Job a = queued("job-a", "alice");
        Job init = recorder.move(a, JobState.INITIALIZING, b -> b).orElseThrow();
        Job running = recorder.move(init, JobState.RUNNING, b -> b).orElseThrow();
        Job verdict = recorder.update(running, b -> b.reproducibility(JsonCodec.tree(Map.of("identical", true))))
                .orElseThrow();
        recorder.move(verdict, JobState.COMPLETE, b -> b.exitCode(0));

        assertThat(List.of(r.next(), r.next(), r.next(), r.next(), r.next())).containsExactly(
                "job:job-a:QUEUED", "job:job-a:INITIALIZING", "job:job-a:RUNNING", "job:job-a:RUNNING:verdict",
                "job:job-a:COMPLETE:verdict");
        r.keepGoing = false;
        queued("job-last", "alice"); // the follower says stop on this one
        t.join(10_000);
        assertThat(r.seen).as("bob's jobs never reach alice").noneMatch(s -> s.contains("bob"));
        assertThat(t.isAlive()).isFalse();
        assertThat(feed.watchCount()).as("the stream's watch is gone").isZero();
    }

    @Test
    void followList_ofAnAdmin_seesEveryonesJobs() throws Exception {
        Recorded r = new Recorded();
        Thread t = follow(admin, all, r);
        assertThat(r.next()).isEqualTo("snapshot:[]");
        queued("job-b", "bob");
        queued("job-a", "alice");
        assertThat(List.of(r.next(), r.next())).containsExactly("job:job-b:QUEUED", "job:job-a:QUEUED");
        r.keepGoing = false;
        queued("job-c", "carol");
        t.join(10_000);
        assertThat(feed.watchCount()).isZero();
    }

    @Test
    void followList_withAStateFilter_showsAJobLeavingIt_butNotJobsThatNeverMatched() throws Exception {
        Job shown = recorder.move(queued("job-1", "alice"), JobState.INITIALIZING, b -> b).orElseThrow();
        Job other = queued("job-2", "alice");
        Recorded r = new Recorded();
        Thread t = follow(alice, new JobQuery(null, JobState.INITIALIZING, null, null, null, null, 50), r);
        assertThat(r.next()).isEqualTo("snapshot:[job-1]");
        recorder.move(shown, JobState.RUNNING, b -> b).orElseThrow();
        recorder.fail(other, new JobError(JobError.Reason.CANCELED, "canceled while queued"));
        assertThat(r.next()).isEqualTo("job:job-1:RUNNING");
        r.keepGoing = false;
        recorder.move(queued("job-3", "alice"), JobState.INITIALIZING, b -> b).orElseThrow();
        t.join(10_000);
        assertThat(r.seen).noneMatch(s -> s.contains("job-2"));
    }

    @Test
    void followList_whoseReaderFallsBehind_endsTheStream_andNeverBlocksWriters() throws Exception {
        Recorded r = new Recorded();
        r.holdAfterSnapshot = new CountDownLatch(1);
        Thread t = follow(alice, all, r);
        Job a = queued("job-a", "alice");
        long start = System.nanoTime();
        for (int i = 0; i < JobWatch.CAPACITY + 10; i++) {
            feed.changed(a);
        }
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("writers never wait").isLessThan(5);
        r.holdAfterSnapshot.countDown();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(r.fellBehind).isTrue();
        assertThat(feed.watchCount()).isZero();
    }
}
