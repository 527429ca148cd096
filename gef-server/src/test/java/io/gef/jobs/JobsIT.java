package io.gef.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.engine.ContainerRunner;
import io.gef.engine.DockerEngine;
import io.gef.engine.RunnerSettings;
import io.gef.engine.Sandbox;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.store.Database;
import io.gef.store.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs package against the real engine, registry and H2: the sandbox acceptance points of the jobs issue,
 * cancel, live logs and restart reconciliation. Volumes are plain directories here (see DirVolumes).
 */
class JobsIT {
    private static final String REGISTRY = System.getProperty("gef.registry", "127.0.0.1:5000");
    private static final Caller ALICE = new Caller("alice", "alice", Set.of(Role.USER));

    @TempDir
    Path dir;
    private Database db;
    private DockerEngine engine;
    private ContainerRunner runner;
    private DirVolumes volumes;
    private Jobs jobs;
    private String image;

    @BeforeEach
    void start() throws Exception {
        db = Database.open(dir.resolve("db")).migrate();
        engine = newEngine();
        runner = new ContainerRunner(engine, io.gef.testing.SharedRegistry.runner("gef-jobs-it"), Clock.systemUTC());
        Files.createDirectories(dir.resolve("volumes"));
        volumes = new DirVolumes(dir.resolve("volumes"));
        image = REGISTRY + "/gef/base@" + io.gef.testing.SharedRegistry.client().resolve("gef/base", "1");
        jobs = newJobs(1).start();
    }

    /** The engine the suite runs on; {@link SwarmJobsIT} runs it on a swarm. */
    DockerEngine newEngine() {
        return new DockerEngine("local", io.gef.testing.RemappedEngine.MAIN);
    }

    ContainerRunner runner() {
        return runner;
    }

    private Jobs newJobs(int concurrency) {
        return newJobs(concurrency, Jobs.Limits.NONE);
    }

    private Jobs newJobs(int concurrency, Jobs.Limits limits) {
        var sh = new ServicePlan(image, "sh", "1", List.of(new ServicePlan.DeclaredInput("in", "directory",
                "/data/in", "input.txt")), List.of(new ServicePlan.DeclaredOutput("out", "/data/out")),
                Resources.NONE, p -> {
                    Object script = p.get("script");
                    if (!(script instanceof String s)) {
                        throw new GefException(ErrorCode.BAD_PARAMETER, "parameters.script must be a string");
                    }
                    return new ServicePlan.Invocation(Map.of("script", s), List.of("sh", "-c", s), Map.of());
                });
        ServiceLookup lookup = ref -> {
            if (!ref.equals("sh")) {
                throw new GefException(ErrorCode.BAD_FIELD, "service: no service " + ref);
            }
            return sh;
        };
        return Jobs.create(db.dataSource(), dir.resolve("jobs"), Clock.systemUTC(),
                new Jobs.Settings("local", concurrency, new Resources(1.0, 256, 120), 1 << 20, 1 << 20), limits,
                lookup, volumes, (img, res) -> JsonCodec.tree(Map.of("allowed", true)),
                List.of(new JobEngine(runner, concurrency, true)), Sandbox.defaults());
    }

    @AfterEach
    void stop() {
        jobs.close();
        runner.jobIdsWithContainers().forEach(runner::reap); // a stopped server leaves containers running
        engine.close();
        db.close();
    }

    private String textVolume(String text) throws Exception {
        String vid = volumes.create("alice", "text");
        Files.writeString(volumes.dataPath(vid).resolve("input.txt"), text);
        return vid;
    }

    private Job submit(String script, Resources resources) throws Exception {
        var in = Map.of("in", new JobRequest.InputRequest(textVolume("one two three\nfour\n"), null, null, null, null));
        return jobs.service().submit(ALICE, new JobRequest("sh", in, Map.of("script", script), resources, null, null));
    }

    private Job awaitEnd(String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Job j = jobs.service().get(ALICE, id);
            if (j.state().isTerminal()) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not end: " + jobs.service().get(ALICE, id).state());
    }

    private String log(String id) {
        StringBuilder b = new StringBuilder();
        jobs.service().logs(ALICE, id).forEach(l -> b.append(l.line()).append('\n'));
        return b.toString();
    }

    @Test
    void countingWordsOfAVolume_completes_withOutputSealedAndDigestAndHardeningRecorded() throws Exception {
        Job j = awaitEnd(submit("wc -w < /data/in/input.txt > /data/out/count.txt", null).id());

        assertThat(j.state()).as(j.error() + "\n" + log(j.id())).isEqualTo(JobState.COMPLETE);
        assertThat(j.exitCode()).isZero();
        assertThat(j.image()).as("ran pinned by digest").isEqualTo(image);
        JobOutput out = j.outputs().getFirst();
        assertThat(Files.readString(volumes.dataPath(out.volumeId()).resolve("count.txt")).trim()).isEqualTo("4");
        assertThat(out.rootDigest()).startsWith("sha256:");
        assertThat(out.files()).isEqualTo(1);
        assertThat(j.inputs().getFirst().digest()).as("input sealed, digest recorded").startsWith("sha256:");
        var sandbox = j.sandbox();
        assertThat(sandbox.path("networkMode").asText()).isEqualTo("none");
        assertThat(sandbox.path("capDrop").toString()).contains("ALL");
        assertThat(sandbox.path("securityOpt").toString()).contains("no-new-privileges:true");
        assertThat(sandbox.path("readOnlyRootfs").asBoolean()).isTrue();
        assertThat(sandbox.path("user").asText()).isEqualTo("1000:1000");
        assertThat(sandbox.path("memoryMb").asLong()).isEqualTo(256);
        assertThat(sandbox.path("pidsLimit").asLong()).isPositive();
        assertThat(jobs.service().events(ALICE, j.id())).extracting(JobEvent::type).containsSubsequence(
                "queued", "stage-in-started", "stage-in-finished", "container-created", "started",
                "execution-finished", "outputs-collected", "finished");
    }

    @Test
    void writingToAnInput_failsWithReadOnlyFileSystem() throws Exception {
        Job j = awaitEnd(submit("echo x > /data/in/input.txt", null).id());
        assertThat(j.state()).isEqualTo(JobState.EXECUTOR_ERROR);
        assertThat(log(j.id())).contains("Read-only file system");
    }

    @Test
    void networkAccess_fails() throws Exception {
        // busybox wget crashes in the base image, so probe with nc: the host's bridge address and the registry
        Job j = awaitEnd(submit("ip -o link | cut -d: -f2; nc -w 3 172.17.0.1 5000 </dev/null && echo REACHED; "
                + "nc -w 3 127.0.0.1 5000 </dev/null && echo REACHED; exit 1", null).id());
        String log = log(j.id());
        assertThat(j.state()).isEqualTo(JobState.EXECUTOR_ERROR);
        assertThat(log).doesNotContain("REACHED").doesNotContain("eth0");
        assertThat(log).as("the connections were refused, not crashed")
                .containsAnyOf("Network is unreachable", "Connection refused");
    }

    @Test
    void theJobUser_isNotRoot() throws Exception {
        Job j = awaitEnd(submit("id -u; test \"$(id -u)\" != 0", null).id());
        assertThat(j.state()).as(log(j.id())).isEqualTo(JobState.COMPLETE);
        assertThat(log(j.id()).trim()).isNotEqualTo("0");
    }

    @Test
    void allocatingPastTheMemoryLimit_endsExecutorErrorOutOfMemory() throws Exception {
        Job j = awaitEnd(submit("x=0123456789abcdef; while true; do x=$x$x; done", new Resources(null, 32, 60)).id());
        assertThat(j.state()).isEqualTo(JobState.EXECUTOR_ERROR);
        assertThat(j.error().reason()).isEqualTo(JobError.Reason.OUT_OF_MEMORY);
        assertThat(j.error().message()).contains("out-of-memory");
    }

    @Test
    void runningPastTheTimeout_endsExecutorErrorTimeout() throws Exception {
        Job j = awaitEnd(submit("sleep 60", new Resources(null, null, 2)).id());
        assertThat(j.state()).isEqualTo(JobState.EXECUTOR_ERROR);
        assertThat(j.error().reason()).isEqualTo(JobError.Reason.TIMEOUT);
        assertThat(j.error().message()).contains("timeout");
    }

    @Test
    void cancel_endsARunningJobAndAQueuedOneBehindIt() throws Exception {
        Job running = submit("echo started; sleep 60", null);
        Job queued = submit("echo never", null); // concurrency 1: waits behind the first
        for (int i = 0; i < 300 && jobs.service().get(ALICE, running.id()).state() != JobState.RUNNING; i++) {
            Thread.sleep(100);
        }
        Job q = jobs.service().cancel(ALICE, queued.id());
        Job r = jobs.service().cancel(ALICE, running.id());

        assertThat(q.state()).isEqualTo(JobState.CANCELED);
        assertThat(jobs.service().events(ALICE, queued.id())).extracting(JobEvent::type)
                .as("a queued job never gets a container").doesNotContain("container-created");
        assertThat(awaitEnd(r.id()).state()).isEqualTo(JobState.CANCELED);
        awaitNoContainer(running.id(), queued.id());
    }

    @Test
    void followingLogs_seesLinesWhileTheJobRuns() throws Exception {
        Job j = submit("for i in $(seq 1 30); do echo line $i; sleep 0.1; done", null);
        List<String> seen = new CopyOnWriteArrayList<>();
        List<JobState> stateAtFirstLine = new CopyOnWriteArrayList<>();
        jobs.service().follow(ALICE, j.id(), new JobService.Follower() {
            @Override
            public boolean onLog(LogLine l) {
                if (seen.isEmpty()) {
                    stateAtFirstLine.add(jobs.service().get(ALICE, j.id()).state());
                }
                seen.add(l.line());
                return true;
            }

            @Override
            public boolean onEvent(JobEvent e) {
                return true;
            }

            @Override
            public boolean idle() {
                return true;
            }
        });
        assertThat(seen).hasSize(30).startsWith("line 1").endsWith("line 30");
        assertThat(stateAtFirstLine).as("the first line arrived while the job was still running")
                .containsExactly(JobState.RUNNING);
        assertThat(jobs.service().get(ALICE, j.id()).state()).isEqualTo(JobState.COMPLETE);
    }

    /**
     * Issue #15: a restart used to end in-flight jobs SYSTEM_ERROR/SERVER_RESTART and remove their containers. Now
     * the stopping server leaves the container running and the next one re-attaches it: the job completes, its log
     * has every line exactly once, and it had exactly one container.
     */
    @Test
    void aServerRestart_reattachesTheRunningContainer_andTheJobCompletesWithEveryLogLineOnce() throws Exception {
        Job j = submit("for i in $(seq 1 30); do echo line $i; sleep 0.1; done; wc -w < /data/in/input.txt"
                + " > /data/out/count", null);
        for (int i = 0; i < 300 && jobs.service().logs(ALICE, j.id()).size() < 5; i++) {
            Thread.sleep(100);
        }
        jobs.close(); // the server stops: nobody watches the container, but it runs on
        assertThat(runner.jobIdsWithContainers()).as("the container survives the stop; the job's events: "
                + jobs.service().events(ALICE, j.id())).contains(j.id());
        runner = new ContainerRunner(engine, io.gef.testing.SharedRegistry.runner("gef-jobs-it"), Clock.systemUTC());
        jobs = newJobs(1).start(); // a new process: new runner, same database and instance label

        Job after = awaitEnd(j.id());
        assertThat(after.state()).as(String.valueOf(after.error())).isEqualTo(JobState.COMPLETE);
        List<String> lines = jobs.service().logs(ALICE, j.id()).stream().map(LogLine::line).toList();
        assertThat(lines).as("every line once, in order").containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> "line " + i).toList());
        assertThat(jobs.service().logs(ALICE, j.id()).stream().map(LogLine::seq).toList())
                .as("sequence numbers go on").isSorted().doesNotHaveDuplicates();
        assertThat(Files.readString(volumes.dataPath(after.outputs().getFirst().volumeId()).resolve("count")).trim())
                .isEqualTo("4");
        List<String> events = jobs.service().events(ALICE, j.id()).stream().map(JobEvent::type).toList();
        assertThat(events).contains("re-attached");
        assertThat(events.stream().filter("container-created"::equals)).as("one container per job").hasSize(1);
        awaitNoContainer(j.id());
    }

    /** The container of an ended job is removed right after its end is on record. */
    private void awaitNoContainer(String... ids) throws InterruptedException {
        for (int i = 0; i < 100 && runner.jobIdsWithContainers().stream().anyMatch(List.of(ids)::contains); i++) {
            Thread.sleep(100);
        }
        assertThat(runner.jobIdsWithContainers()).doesNotContain(ids);
    }

    @Test
    void aContainerThatEndedWhileTheServerWasDown_isCollectedOnStart() throws Exception {
        Job j = submit("echo first; sleep 2; echo second; exit 3", null);
        for (int i = 0; i < 300 && jobs.service().logs(ALICE, j.id()).isEmpty(); i++) {
            Thread.sleep(100);
        }
        jobs.close();
        Thread.sleep(3000); // the container exits while no server runs
        runner = new ContainerRunner(engine, io.gef.testing.SharedRegistry.runner("gef-jobs-it"), Clock.systemUTC());
        jobs = newJobs(1).start();

        Job after = awaitEnd(j.id());
        assertThat(after.state()).isEqualTo(JobState.EXECUTOR_ERROR);
        assertThat(after.exitCode()).isEqualTo(3);
        assertThat(log(j.id())).isEqualTo("first\nsecond\n");
        assertThat(after.outputs().getFirst().rootDigest()).as("outputs sealed").isNotNull();
    }

    @Test
    void aUserPastTheQueuedLimit_gets429_andAnotherUserStillSubmits() throws Exception {
        jobs.close();
        jobs = newJobs(1, new Jobs.Limits(0, 2, java.time.Duration.ofSeconds(10), java.time.Duration.ofMinutes(1)))
                .start();
        Job running = submit("sleep 30", null);
        for (int i = 0; i < 300 && jobs.service().get(ALICE, running.id()).state() == JobState.QUEUED; i++) {
            Thread.sleep(100);
        }
        submit("true", null);
        submit("true", null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> submit("true", null))
                .isInstanceOfSatisfying(GefException.class, g -> {
                    assertThat(g.status()).isEqualTo(429);
                    assertThat(g.code()).isEqualTo(ErrorCode.TOO_MANY_JOBS);
                })
                .hasMessageContaining("2 jobs queued");
        jobs.service().cancel(ALICE, running.id());
    }

    @Test
    void unknownParameterType_isRejectedBeforeAnythingIsStored() throws Exception {
        var in = Map.of("in", new JobRequest.InputRequest(textVolume("x"), null, null, null, null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jobs.service().submit(ALICE,
                        new JobRequest("sh", in, Map.of("script", 42), null, null, null)))
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("parameters.script");
        assertThat(jobs.service().list(ALICE, new JobQuery(null, null, null, null, null, null, 10)).items()).isEmpty();
    }

    @Test
    void anotherUsersVolume_isRefusedAsIfItDidNotExist() throws Exception {
        String bobs = volumes.create("bob", "secret");
        var in = Map.of("in", new JobRequest.InputRequest(bobs, null, null, null, null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jobs.service().submit(ALICE,
                        new JobRequest("sh", in, Map.of("script", "cat /data/in/*"), null, null, null)))
                .isInstanceOfSatisfying(GefException.class, g -> assertThat(g.status()).isEqualTo(400))
                .hasMessageContaining("no volume " + bobs);
    }

    /**
     * Issue #14: signing that fails (here: the key cannot be read) leaves the finished job's follow-up recorded;
     * a restart still finds it pending, and once signing works the statement appears and verifies.
     */
    @Test
    void signingThatFails_isRecordedAndRetried_andTheStatementAppearsOnceSigningWorks() throws Exception {
        var keys = io.gef.auth.ServerKeys.loadOrCreate(dir.resolve("keys"));
        var keyReadable = new java.util.concurrent.atomic.AtomicBoolean(false);
        JobFinishedStep signing = job -> {
            if (!keyReadable.get()) {
                throw new IllegalStateException("the signing key cannot be read");
            }
            return provenance(keys).prepare(job);
        };
        jobs.onFinished(signing);
        Job j = awaitEnd(submit("echo signed", null).id());
        assertThat(j.state()).isEqualTo(JobState.COMPLETE);
        assertThat(jobs.pendingFollowUps()).as("the failed signing is recorded, not swallowed").isEqualTo(1);
        assertThat(statement(keys, j.id())).as("no statement while the key is unreadable").isNull();

        jobs.close(); // a restart while signing is still broken
        runner = new ContainerRunner(engine, io.gef.testing.SharedRegistry.runner("gef-jobs-it"), Clock.systemUTC());
        jobs = newJobs(1);
        jobs.onFinished(signing);
        jobs.start();
        assertThat(jobs.pendingFollowUps()).as("still pending after the restart").isEqualTo(1);

        keyReadable.set(true);
        for (int i = 0; i < 300 && jobs.pendingFollowUps() > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(jobs.pendingFollowUps()).as("retried until it worked").isZero();
        var envelope = statement(keys, j.id());
        assertThat(envelope).isNotNull();
        assertThat(provenance(keys).verify(ALICE, JsonCodec.tree(envelope)).signatureValid()).isTrue();
    }

    private io.gef.provenance.Provenance provenance(io.gef.auth.ServerKeys keys) {
        return new io.gef.provenance.Provenance(db.dataSource(), volumes, jobs.service(),
                io.gef.testing.SharedRegistry.client(), keys.privateKey(), keys.keyId(), keys.publicKey(), "local",
                "test", "localhost", Clock.systemUTC());
    }

    private io.gef.provenance.Dsse.Envelope statement(io.gef.auth.ServerKeys keys, String jobId) {
        try {
            return provenance(keys).envelope(ALICE, jobId);
        } catch (io.gef.errors.GefException e) {
            assertThat(e.status()).isEqualTo(404);
            return null;
        }
    }
}
