package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.errors.GefException;
import io.gef.store.Database;
import io.gef.store.Sql;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a job: history, then live, every line exactly once and in order. Real H2 and log files. */
class JobFollowTest {
    @TempDir
    Path dir;
    private Database db;
    private JobStore store;
    private JobRecorder recorder;
    private LogBook logs;
    private JobService service;
    private final JobFeed feed = new JobFeed();
    private final Caller alice = new Caller("alice", "alice", Set.of(Role.USER));

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("db")).migrate();
        store = new JobStore(new Sql(db.dataSource()));
        recorder = new JobRecorder(store, feed, Clock.systemUTC());
        logs = new LogBook(dir.resolve("jobs"), 1 << 20);
        service = new JobService(store, recorder, feed, logs, null, null, null, 0, null);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Job running(String id) {
        Job j = new Job.Builder().id(id).owner("alice").name(id).state(JobState.QUEUED).service("s").image("i")
                .createdAt(Instant.now()).build();
        store.insert(j);
        return recorder.move(recorder.move(j, JobState.INITIALIZING, b -> b).orElseThrow(), JobState.RUNNING,
                b -> b).orElseThrow();
    }

    private static final class Collector implements JobService.Follower {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch first = new CountDownLatch(3);

        @Override
        public boolean onLog(LogLine l) {
            lines.add(l.line());
            first.countDown();
            return true;
        }

        @Override
        public boolean onEvent(JobEvent e) {
            events.add(e.type());
            return true;
        }

        @Override
        public boolean idle() {
            return true;
        }
    }

    @Test
    void follow_seesHistoryThenLiveLines_eachOnceInOrder_andEndsWithTheJob() throws Exception {
        Job job = running("job-f");
        var writer = logs.open(job.id());
        for (int i = 0; i < 3; i++) { // printed before anyone follows
            feed.publish(job.id(), writer.append("stdout", "line " + i));
        }
        Collector c = new Collector();
        Thread follower = Thread.ofVirtual().start(() -> {
            try {
                service.follow(alice, job.id(), c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(c.first.await(10, TimeUnit.SECONDS)).as("history arrives").isTrue();
        for (int i = 3; i < 200; i++) {
            feed.publish(job.id(), writer.append(i % 2 == 0 ? "stdout" : "stderr", "line " + i));
        }
        writer.close();
        recorder.move(job, JobState.COMPLETE, b -> b.exitCode(0));
        follower.join(10_000);

        assertThat(follower.isAlive()).as("follow returns when the job ends").isFalse();
        assertThat(c.lines).hasSize(200).doesNotHaveDuplicates();
        assertThat(c.lines.get(0)).isEqualTo("line 0");
        assertThat(c.lines.get(199)).isEqualTo("line 199");
        assertThat(c.events).contains("finished");
    }

    @Test
    void follow_ofAFinishedJob_returnsItsWholeHistory() throws Exception {
        Job job = running("job-done");
        try (var writer = logs.open(job.id())) {
            writer.append("stdout", "only line");
        }
        recorder.move(job, JobState.COMPLETE, b -> b.exitCode(0));
        Collector c = new Collector();
        service.follow(alice, job.id(), c);
        assertThat(c.lines).containsExactly("only line");
    }

    @Test
    void follow_ofAnotherUsersJob_isNotFound() {
        running("job-x");
        Caller bob = new Caller("bob", "bob", Set.of(Role.USER));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.follow(bob, "job-x", new Collector()))
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(404));
        assertThat(service.list(bob, new JobQuery(null, null, null, null, null, null, 10)).items()).isEmpty();
        assertThat(service.list(new Caller("root", "root", Set.of(Role.ADMIN)),
                new JobQuery(null, null, null, null, null, null, 10)).items()).hasSize(1);
    }
}
