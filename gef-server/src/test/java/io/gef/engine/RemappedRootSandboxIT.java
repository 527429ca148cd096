package io.gef.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.engine.EngineFixture.Recorder;
import io.gef.testing.RemappedEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that is uid 0 in its container, on an engine that remaps user namespaces: every sandbox setting still
 * holds, and on the host it is only the unprivileged remapped uid (checked from the host, not from inside).
 */
class RemappedRootSandboxIT {
    private final EngineFixture fx = new EngineFixture(RemappedEngine.host());
    private final UserNamespace ns = fx.runner.userNamespace();

    @AfterEach
    void noContainerLeaks() {
        fx.close();
    }

    private ContainerSpec asRoot(String script) {
        return fx.spec("sh", "-c", script).withSandbox(Sandbox.defaults().withRootAllowed()).withUser("0:0");
    }

    @Test
    void engine_isDetectedAsRemapped_ontoTheDockremapSubordinateIds() throws Exception {
        String subuid = Files.readAllLines(Path.of("/etc/subuid")).stream().filter(l -> l.startsWith("dockremap:"))
                .findFirst().orElseThrow();
        assertThat(ns.remapped()).isTrue();
        assertThat(ns.uidBase()).as("from " + subuid).isEqualTo(Long.parseLong(subuid.split(":")[1]));
        assertThat(ns.hostUid(0)).isNotZero();
        assertThat(new EngineFixture().runner.userNamespace().remapped()).as("the main engine, not remapped here")
                .isEqualTo(RemappedEngine.MAIN.equals(RemappedEngine.host()));
    }

    @Test
    void rootInTheContainer_writesOutputsOwnedByTheRemappedUid_andCannotWriteItsInput(@TempDir Path tmp)
            throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("data.txt"), "input\n");
        Path out = Files.createDirectories(tmp.resolve("out"));
        for (Path p : List.of(tmp, in)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(in.resolve("data.txt"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setAttribute(out, "unix:uid", (int) ns.hostUid(0));
        Files.setAttribute(out, "unix:gid", (int) ns.hostGid(0));
        var rec = new Recorder();

        RunOutcome outcome = fx.runner.run(asRoot("id -u; cat /in/data.txt; echo nope > /in/new.txt;"
                        + " chmod 777 /in/data.txt || echo CHMOD_DENIED; echo result > /root/output/result.txt")
                .withMounts(List.of(Mount.readOnly(in, "/in"), Mount.readWrite(out, "/root/output"))), rec);

        assertThat(outcome).as(rec.stderr.toString()).matches(RunOutcome::succeeded);
        assertThat(rec.stdout).as("uid 0 inside, input readable, chmod refused")
                .containsExactly("0", "input", "CHMOD_DENIED");
        assertThat(String.join("\n", rec.stderr)).as("write to the input").contains("Read-only file system");
        assertThat(in.resolve("new.txt")).doesNotExist();
        assertThat(Files.getAttribute(out.resolve("result.txt"), "unix:uid")).as("owner on the host")
                .isEqualTo((int) ns.hostUid(0)).isNotEqualTo(0);
    }

    @Test
    void rootInTheContainer_isNotRootOnTheHost_forFilesOnlyHostRootMayRead(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("secret.txt"), "host root only\n");
        Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(in.resolve("secret.txt"), PosixFilePermissions.fromString("rw-------"));
        var rec = new Recorder();

        fx.runner.run(asRoot("cat /in/secret.txt || echo DENIED; stat -c %u /in/secret.txt; cat /proc/self/uid_map")
                .withMounts(List.of(Mount.readOnly(in, "/in"))), rec);

        assertThat(rec.stdout.get(0)).as("a file of host root, mode 600").isEqualTo("DENIED");
        assertThat(rec.stdout.get(1)).as("host root is 'nobody' (65534) inside").isEqualTo("65534");
        assertThat(rec.stdout.get(2).trim().split("\\s+")).as("uid map: 0 → " + ns.uidBase())
                .containsExactly("0", String.valueOf(ns.uidBase()), "65536");
    }

    @Test
    void rootInTheContainer_hasNoCapabilities_cannotMountOrLoadModules_andHasNoNetwork() {
        var rec = new Recorder();

        RunOutcome outcome = fx.runner.run(asRoot("grep -E '^(CapEff|CapPrm|NoNewPrivs)' /proc/self/status;"
                + " mount -t tmpfs none /mnt 2>/dev/null || echo MOUNT_DENIED;"
                + " insmod /nonexistent.ko 2>/dev/null || echo INSMOD_DENIED;"
                + " touch /x 2>/dev/null || echo ROOT_RO; ls /sys/class/net;"
                + " echo | nc -w 2 127.0.0.1 5000 && echo CONNECTED; exit 0"), rec);

        assertThat(outcome).matches(RunOutcome::succeeded);
        assertThat(rec.stdout).as("caps, no_new_privs, mount, modules, read-only root, interfaces")
                .anySatisfy(l -> assertThat(l).matches("CapEff:\\s+0+"))
                .anySatisfy(l -> assertThat(l).matches("CapPrm:\\s+0+"))
                .anySatisfy(l -> assertThat(l).matches("NoNewPrivs:\\s+1"))
                .contains("MOUNT_DENIED", "INSMOD_DENIED", "ROOT_RO", "lo").doesNotContain("CONNECTED");
        assertThat(rec.stdout.stream().filter(l -> !l.contains(":") && l.matches("[a-z0-9]+") && !l.equals("lo")
                && l.equals(l.toLowerCase()) && !l.contains("_"))).as("no interface but lo").isEmpty();
    }
}
