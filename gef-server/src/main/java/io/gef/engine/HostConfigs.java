package io.gef.engine;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ulimit;
import java.util.List;
import java.util.Map;

/** Translates a {@link ContainerSpec} into Docker's HostConfig: the one place where the sandbox becomes real. */
final class HostConfigs {
    /** Never relaxed, so not part of {@link Sandbox}: setuid binaries and file capabilities gain nothing. */
    static final String NO_NEW_PRIVILEGES = "no-new-privileges:true";
    static final int LOG_FILES = 2;
    private static final long MIB = 1024L * 1024;

    private HostConfigs() {
    }

    static HostConfig of(ContainerSpec spec) {
        Sandbox s = spec.sandbox();
        long memory = s.memoryMb() * MIB;
        var host = HostConfig.newHostConfig()
                .withNetworkMode(s.networkMode())
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of(NO_NEW_PRIVILEGES))
                .withReadonlyRootfs(s.readOnlyRootfs())
                .withPidsLimit(s.pidsLimit())
                .withMemory(memory)
                .withMemorySwap(memory) // equal to Memory: no swap, so the limit is a hard OOM boundary
                .withNanoCPUs(nanoCpus(s.cpus()))
                .withUlimits(List.of(new Ulimit("nofile", s.nofile(), s.nofile()),
                        new Ulimit("nproc", s.nproc(), s.nproc())))
                // explicit json-file: logs must be readable whatever the daemon's default driver is, and bounded
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
                        Map.of("max-size", s.logMaxMb() + "m", "max-file", Integer.toString(LOG_FILES))))
                .withMounts(spec.mounts().stream().map(HostConfigs::bind).toList());
        if (s.tmpfsMb() > 0) {
            host.withTmpFs(Map.of("/tmp", tmpfsOptions(s)));
        }
        return host;
    }

    static String tmpfsOptions(Sandbox s) {
        return "rw,noexec,nosuid,nodev,size=" + s.tmpfsMb() + "m";
    }

    static long nanoCpus(double cpus) {
        return Math.round(cpus * 1_000_000_000d);
    }

    private static com.github.dockerjava.api.model.Mount bind(Mount m) {
        return new com.github.dockerjava.api.model.Mount()
                .withType(MountType.BIND)
                .withSource(m.hostPath())
                .withTarget(m.containerPath())
                .withReadOnly(m.readOnly());
    }
}
