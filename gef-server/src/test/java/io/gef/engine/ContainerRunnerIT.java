package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gef.engine.EngineFixture.Recorder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The life of a job container on the real engine: outcomes, live logs, cancel, failures, reconciliation. */
class ContainerRunnerIT {
    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void noContainerLeaks() {
        fx.close();
    }

    @Test
    void nonZeroExit_isExitedWithThatCode_andListenerSeesTheLifecycle() {
        var rec = new Recorder();

        RunOutcome outcome = fx.runner.run(fx.spec("sh", "-c", "echo out; echo err >&2; exit 3"), rec);

        assertThat(outcome).as("outcome").isInstanceOf(RunOutcome.Exited.class);
        assertThat(((RunOutcome.Exited) outcome).exitCode()).as("exit code").isEqualTo(3);
        assertThat(rec.events).as("lifecycle").containsExactly("created", "started", "finished:3");
        assertThat(rec.stdout).as("stdout").containsExactly("out");
        assertThat(rec.stderr).as("stderr").containsExactly("err");
    }

    @Test
    void linesPrintedWhileRunning_reachTheListenerBeforeTheJobEnds() {
        var firstLineWhileRunning = new AtomicReference<Boolean>();
        var rec = new Recorder() {
            @Override
            public void line(LogStream stream, String line) {
                super.line(stream, line);
                if (line.equals("line0")) {
                    // asked on the stream thread: is the job still running when its first line arrives?
                    firstLineWhileRunning.set(fx.engine.client().inspectContainerCmd(containerId).exec()
                            .getState().getRunning());
                }
            }
        };

        RunOutcome outcome = fx.runner.run(fx.spec("sh", "-c",
                "i=0; while [ $i -lt 30 ]; do echo line$i; i=$((i+1)); sleep 0.1; done"), rec);

        assertThat(outcome.succeeded()).as("job succeeded: %s", outcome).isTrue();
        assertThat(rec.stdout).as("every line, in order").hasSize(30).startsWith("line0").endsWith("line29");
        assertThat(firstLineWhileRunning.get()).as("first line delivered while the job was running").isTrue();
    }

    @Test
    void longAndUnterminatedLines_areDeliveredWhole() {
        var rec = new Recorder();

        fx.runner.run(fx.spec("sh", "-c", "head -c 40000 /dev/zero | tr '\\0' a; echo; printf last"), rec);

        assertThat(rec.stdout).as("a 40000-char line (split by the engine into 16K parts), then 'last'")
                .hasSize(2).satisfies(l -> assertThat(l.get(0)).hasSize(40000)).endsWith("last");
    }

    @Test
    void concurrentRuns_eachSeeOnlyTheirOwnOutput() throws Exception {
        var specs = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> fx.spec("sh", "-c", "sleep 0.5; echo $GEF_N").withEnv(Map.of("GEF_N", "n" + i)))
                .toList();
        var recorders = specs.stream().map(s -> new Recorder()).toList();

        var runs = java.util.stream.IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> fx.runner.run(specs.get(i), recorders.get(i)))).toList();

        for (int i = 0; i < 4; i++) {
            assertThat(runs.get(i).get(60, TimeUnit.SECONDS).succeeded()).as("run %d", i).isTrue();
            assertThat(recorders.get(i).stdout).as("output of run %d", i).containsExactly("n" + i);
        }
    }

    @Test
    void jobOverItsTimeout_isKilledAndEndsTimedOut() {
        var spec = fx.spec("sleep", "60").withSandbox(Sandbox.defaults().withResources(null, null, 1L));

        RunOutcome outcome = fx.runner.run(spec, RunListener.NONE);

        assertThat(outcome).as("outcome").isInstanceOf(RunOutcome.TimedOut.class);
    }

    @Test
    void cancel_runningJob_killsItAndEndsCanceled() throws Exception {
        var printed = new CountDownLatch(1);
        var rec = new Recorder() {
            @Override
            public void line(LogStream stream, String line) {
                super.line(stream, line);
                printed.countDown();
            }
        };
        var spec = fx.spec("sh", "-c", "echo ready; sleep 60");
        var run = CompletableFuture.supplyAsync(() -> fx.runner.run(spec, rec));
        assertThat(printed.await(30, TimeUnit.SECONDS)).as("job printed").isTrue();

        fx.runner.cancel(spec.jobId());

        assertThat(run.get(30, TimeUnit.SECONDS)).as("outcome").isInstanceOf(RunOutcome.Canceled.class);
        assertThat(rec.events).as("lifecycle").containsExactly("created", "started", "finished:137");
    }

    @Test
    void cancel_beforeRun_neverCreatesAContainer() {
        var spec = fx.spec("true");
        var rec = new Recorder();

        fx.runner.cancel(spec.jobId());
        RunOutcome outcome = fx.runner.run(spec, rec);

        assertThat(outcome).as("outcome").isEqualTo(new RunOutcome.Canceled(0));
        assertThat(rec.events).as("no container events").isEmpty();
    }

    @Test
    void cancel_afterCreateBeforeStart_neverStartsTheContainer() {
        var spec = fx.spec("sh", "-c", "echo started");
        var rec = new Recorder() {
            @Override
            public void created(String id) {
                super.created(id);
                fx.runner.cancel(spec.jobId());
            }
        };

        RunOutcome outcome = fx.runner.run(spec, rec);

        assertThat(outcome).as("outcome").isEqualTo(new RunOutcome.Canceled(0));
        assertThat(rec.events).as("created but never started").containsExactly("created");
        assertThat(rec.stdout).as("no output").isEmpty();
    }

    @Test
    void sameJobIdTwiceAtOnce_isRefused() throws Exception {
        var started = new CountDownLatch(1);
        var spec = fx.spec("sleep", "60");
        var run = CompletableFuture.supplyAsync(() -> fx.runner.run(spec, new RunListener() {
            @Override
            public void started() {
                started.countDown();
            }
        }));
        assertThat(started.await(30, TimeUnit.SECONDS)).as("first run started").isTrue();

        assertThatThrownBy(() -> fx.runner.run(spec, RunListener.NONE)).as("second run of the same job")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(spec.jobId());
        fx.runner.cancel(spec.jobId());
        assertThat(run.get(30, TimeUnit.SECONDS)).isInstanceOf(RunOutcome.Canceled.class);
    }

    @Test
    void imageDigestThatDoesNotExist_isFailedNamingTheImage() {
        String missing = EngineFixture.REGISTRY + "/gef/base@sha256:" + "0".repeat(64);
        var spec = ContainerSpec.of("job-missing-image", missing).withLabels(EngineFixture.LABELS);

        RunOutcome outcome = fx.runner.run(spec, RunListener.NONE);

        assertThat(outcome).as("outcome").isInstanceOf(RunOutcome.Failed.class);
        var failed = (RunOutcome.Failed) outcome;
        assertThat(failed.reason()).as("reason").contains("job-missing-image").contains(missing)
                .contains("could not be pulled").contains("container none");
        assertThat(failed.cause()).as("cause kept").isNotNull();
    }

    @Test
    void imageFromAnotherRegistry_isRefusedWithoutTouchingTheEngine() {
        var spec = ContainerSpec.of("job-foreign", "registry.example.org/x/y@sha256:" + "1".repeat(64));

        RunOutcome outcome = fx.runner.run(spec, RunListener.NONE);

        assertThat(outcome).as("outcome").isInstanceOf(RunOutcome.Failed.class);
        assertThat(((RunOutcome.Failed) outcome).reason()).as("reason").contains("not from the trusted registry");
    }

    @Test
    void mountOfAMissingHostPath_isFailedAndLeavesNoContainer(@TempDir Path tmp) {
        var spec = fx.spec("true").withMounts(List.of(Mount.readOnly(tmp.resolve("missing"), "/in")));

        RunOutcome outcome = fx.runner.run(spec, RunListener.NONE);

        assertThat(outcome).as("outcome").isInstanceOf(RunOutcome.Failed.class);
        assertThat(((RunOutcome.Failed) outcome).reason()).as("reason").contains("cannot create the container")
                .contains("does not exist");
    }

    @Test
    void commandNotInTheImage_isFailedWithTheEnginesReason() {
        var rec = new Recorder();

        RunOutcome outcome = fx.runner.run(fx.spec("/no/such/program"), rec);

        assertThat(outcome).as("outcome").isInstanceOf(RunOutcome.Failed.class);
        assertThat(((RunOutcome.Failed) outcome).reason()).as("reason").contains("cannot start the container")
                .contains(rec.containerId).contains("/no/such/program");
    }

    @Test
    void leftoverContainers_areListedByJobAndReaped() {
        String jobId = "leftover-" + fx.instanceId;
        // what a crashed server leaves: a labelled container that nobody runs
        fx.engine.client().createContainerCmd(fx.baseImage).withCmd("true")
                .withLabels(Map.of(ContainerSpec.LABEL_INSTANCE, fx.instanceId, ContainerSpec.LABEL_JOB_ID, jobId,
                        EngineFixture.TEST_LABEL, "engine")).exec();

        assertThat(fx.runner.jobIdsWithContainers()).as("jobs with containers").containsExactly(jobId);
        assertThat(fx.runner.reap(jobId)).as("removed").isEqualTo(1);
        assertThat(fx.runner.jobIdsWithContainers()).as("after reaping").isEmpty();
    }
}
