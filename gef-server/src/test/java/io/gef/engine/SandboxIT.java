package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Ulimit;
import io.gef.engine.EngineFixture.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job can and cannot do inside the hardened sandbox, on the real engine. */
class SandboxIT {
    private final EngineFixture fx = new EngineFixture();

    @AfterEach
    void noContainerLeaks() {
        fx.close();
    }

    @Test
    void readOnlyInput_rejectsWrites_whileOutputMountIsWritableByTheJobUser(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("data.txt"), "input\n");
        Path out = Files.createDirectories(tmp.resolve("out"));
        worldReadable(tmp, in, in.resolve("data.txt"));
        // what the jobs code must do too: the output directory belongs to the job's uid
        UserNamespace ns = fx.runner.userNamespace();
        Files.setAttribute(out, "unix:uid", (int) ns.hostUid(1000));
        Files.setAttribute(out, "unix:gid", (int) ns.hostGid(1000));
        var rec = new Recorder();

        RunOutcome outcome = fx.runner.run(fx.spec("sh", "-c",
                        "cat /in/data.txt; echo nope > /in/new.txt; echo result > /out/result.txt")
                .withMounts(List.of(Mount.readOnly(in, "/in"), Mount.readWrite(out, "/out"))), rec);

        assertThat(outcome).as("last command succeeded").isInstanceOf(RunOutcome.Exited.class)
                .matches(RunOutcome::succeeded);
        assertThat(rec.stdout).as("input is readable").containsExactly("input");
        assertThat(String.join("\n", rec.stderr)).as("write to the input mount")
                .contains("Read-only file system");
        assertThat(in.resolve("new.txt")).as("nothing written into the input").doesNotExist();
        assertThat(out.resolve("result.txt")).as("output on the host").hasContent("result");
        assertThat(Files.getAttribute(out.resolve("result.txt"), "unix:uid")).as("owner of the output")
                .isEqualTo((int) ns.hostUid(1000));
    }

    @Test
    void rootFilesystem_isReadOnly_butTmpIsWritableAndNotExecutable() {
        var rec = new Recorder();

        fx.runner.run(fx.spec("sh", "-c", "touch /x || echo ROOT_RO; echo 'echo ran' > /tmp/s && chmod +x /tmp/s"
                + " && echo TMP_OK; /tmp/s || echo TMP_NOEXEC"), rec);

        assertThat(rec.stdout).as("root read-only, /tmp writable, /tmp noexec")
                .containsExactly("ROOT_RO", "TMP_OK", "TMP_NOEXEC");
    }

    @Test
    void network_isOnlyLoopback_andConnectionsFail() {
        var rec = new Recorder();

        RunOutcome outcome = fx.runner.run(fx.spec("sh", "-c",
                "ls /sys/class/net; echo | nc -w 2 172.17.0.1 5000 && echo CONNECTED; "
                        + "echo | nc -w 2 127.0.0.1 5000 && echo CONNECTED; exit 0"), rec);

        assertThat(outcome).isEqualTo(new RunOutcome.Exited(0, ((RunOutcome.Exited) outcome).ms()));
        assertThat(rec.stdout).as("interfaces, and no connection made").containsExactly("lo");
        assertThat(String.join("\n", rec.stderr)).as("connection errors")
                .contains("Network is unreachable").contains("Connection refused");
    }

    @Test
    void job_runsAsUid1000_withNoCapabilitiesAndNoNewPrivileges() {
        var rec = new Recorder();

        fx.runner.run(fx.spec("sh", "-c", "id -u; grep -E '^(CapEff|CapPrm|NoNewPrivs)' /proc/self/status"), rec);

        assertThat(rec.stdout.get(0)).as("uid").isEqualTo("1000");
        assertThat(rec.stdout).as("capabilities and no_new_privs")
                .anySatisfy(l -> assertThat(l).matches("CapEff:\\s+0+"))
                .anySatisfy(l -> assertThat(l).matches("CapPrm:\\s+0+"))
                .anySatisfy(l -> assertThat(l).matches("NoNewPrivs:\\s+1"));
    }

    @Test
    void allocatingPastTheMemoryLimit_endsOutOfMemory() {
        // string doubling really allocates (a pipe like head|tail only streams)
        var spec = fx.spec("sh", "-c", "x=0123456789abcdef; while true; do x=$x$x; done")
                .withSandbox(Sandbox.defaults().withResources(null, 32L, 60L));

        RunOutcome outcome = fx.runner.run(spec, RunListener.NONE);

        assertThat(outcome).as("outcome").isInstanceOf(RunOutcome.OutOfMemory.class);
    }

    @Test
    void pidsLimit_stopsAForkBomb() {
        var spec = fx.spec("sh", "-c", "for i in $(seq 1 100); do sleep 5 & done; echo ALL_STARTED")
                .withSandbox(Sandbox.defaults().withPidsLimit(20));
        var rec = new Recorder();

        RunOutcome outcome = fx.runner.run(spec, rec);

        assertThat(rec.stdout).as("100 processes under a limit of 20").doesNotContain("ALL_STARTED");
        assertThat(String.join("\n", rec.stderr)).as("fork error").contains("can't fork");
        assertThat(outcome).as("the shell gave up").isInstanceOf(RunOutcome.Exited.class)
                .matches(o -> !o.succeeded());
    }

    @Test
    void containerHostConfig_matchesTheSandbox_whileItRuns() throws Exception {
        var sandbox = Sandbox.defaults().withResources(0.5, 64L, 60L);
        var spec = fx.spec("sleep", "30").withSandbox(sandbox);
        var startedSignal = new CountDownLatch(1);
        var rec = new Recorder() {
            @Override
            public void started() {
                super.started();
                startedSignal.countDown();
            }
        };
        var run = CompletableFuture.supplyAsync(() -> fx.runner.run(spec, rec));
        assertThat(startedSignal.await(30, TimeUnit.SECONDS)).as("job started").isTrue();

        InspectContainerResponse c = fx.engine.client().inspectContainerCmd(rec.containerId).exec();
        fx.runner.cancel(spec.jobId());
        assertThat(run.get(30, TimeUnit.SECONDS)).as("outcome").isInstanceOf(RunOutcome.Canceled.class);

        var host = c.getHostConfig();
        assertThat(host.getNetworkMode()).as("network").isEqualTo("none");
        assertThat(host.getCapDrop()).as("capDrop").containsExactly(Capability.ALL);
        assertThat(host.getSecurityOpts()).as("securityOpt").containsExactly("no-new-privileges:true");
        assertThat(host.getReadonlyRootfs()).as("read-only rootfs").isTrue();
        assertThat(host.getTmpFs()).as("tmpfs").containsEntry("/tmp", "rw,noexec,nosuid,nodev,size=64m");
        assertThat(host.getPidsLimit()).as("pids").isEqualTo(sandbox.pidsLimit());
        assertThat(host.getMemory()).as("memory").isEqualTo(64L * 1024 * 1024);
        assertThat(host.getMemorySwap()).as("memory+swap = memory").isEqualTo(64L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).as("nano cpus").isEqualTo(500_000_000L);
        assertThat(host.getUlimits()).as("ulimits").extracting(Ulimit::getName, Ulimit::getHardLong)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("nofile", sandbox.nofile()),
                        org.assertj.core.groups.Tuple.tuple("nproc", sandbox.nproc()));
        assertThat(c.getConfig().getUser()).as("user").isEqualTo("1000:1000");
        assertThat(c.getConfig().getLabels()).as("labels")
                .containsEntry(ContainerSpec.LABEL_JOB_ID, spec.jobId())
                .containsEntry(ContainerSpec.LABEL_INSTANCE, fx.instanceId);
        assertThat(c.getState().getRunning()).as("inspected while running").isTrue();
    }

    private static void worldReadable(Path... paths) throws Exception {
        for (Path p : paths) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                    Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }
}
