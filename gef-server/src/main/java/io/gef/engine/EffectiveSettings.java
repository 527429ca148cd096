package io.gef.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every isolation and resource setting a container of {@code spec} gets, as plain data: stored with the job and
 * copied into its provenance, so a reader sees exactly what the job ran under (not only what was relaxable).
 */
public final class EffectiveSettings {
    private EffectiveSettings() {
    }

    public static Map<String, Object> of(ContainerSpec spec) {
        Sandbox s = spec.sandbox();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", spec.user());
        m.put("networkMode", s.networkMode());
        m.put("capDrop", List.of("ALL"));
        m.put("securityOpt", List.of(HostConfigs.NO_NEW_PRIVILEGES));
        m.put("readOnlyRootfs", s.readOnlyRootfs());
        m.put("tmpfs", s.tmpfsMb() > 0 ? Map.of("/tmp", HostConfigs.tmpfsOptions(s)) : Map.of());
        m.put("pidsLimit", s.pidsLimit());
        m.put("memoryMb", s.memoryMb());
        m.put("memorySwapMb", s.memoryMb());
        m.put("cpus", s.cpus());
        m.put("nanoCpus", HostConfigs.nanoCpus(s.cpus()));
        m.put("ulimits", Map.of("nofile", s.nofile(), "nproc", s.nproc()));
        m.put("timeoutSeconds", s.timeoutSeconds());
        m.put("seccomp", "engine default profile");
        m.put("mounts", spec.mounts());
        return m;
    }
}
