package io.gef.services;

import java.time.Duration;

/**
 * How a publishing build is sandboxed, like a job: the network its RUN steps get ({@code none} unless the admin
 * allows one), memory (no swap), CPUs, wall time and the size of the uploaded context. The engine's classic build
 * API has no pids limit, so none is set (docs/security.md says so).
 *
 * @param network         network mode of RUN steps: {@code none}, or {@code default}/{@code bridge} when allowed
 * @param memoryMb        memory of each RUN step's container, swap included; 0 = no limit
 * @param cpus            RUN steps are pinned to this many CPUs (cpuset {@code 0-(n-1)}); 0 = no limit
 * @param timeout         wall time of the whole build; the build is cancelled when it is over
 * @param maxContextBytes the uploaded context (decompressed), refused with 413 past it while it streams to disk
 */
public record BuildLimits(String network, long memoryMb, int cpus, Duration timeout, long maxContextBytes) {
    public BuildLimits {
        if (!network.equals("none") && !network.equals("default") && !network.equals("bridge")) {
            throw new IllegalArgumentException("gef.build.network must be none, default or bridge, got '" + network
                    + "'");
        }
        if (memoryMb < 0 || (memoryMb > 0 && memoryMb < 8)) {
            throw new IllegalArgumentException("gef.build.memory-mb must be 0 (no limit) or at least 8");
        }
        if (cpus < 0 || timeout.isNegative() || timeout.isZero() || maxContextBytes <= 0) {
            throw new IllegalArgumentException("gef.build.cpus must be >= 0, gef.build.timeout-seconds and"
                    + " gef.build.max-context-bytes positive");
        }
    }

    /** Defaults: no network, 2 GiB, 2 CPUs, 30 minutes, 4 GiB of context. */
    public static BuildLimits defaults() {
        return new BuildLimits("none", 2048, 2, Duration.ofMinutes(30), 4L << 30);
    }

    /** What a failed build's message adds, so the limit that may have stopped it is named. */
    String explain(String engineError) {
        if (memoryMb > 0 && engineError.contains("non-zero code: 137")) {
            return engineError + " (killed: a build step exceeded the memory limit gef.build.memory-mb=" + memoryMb
                    + ")";
        }
        if (network.equals("none")) {
            return engineError + " (build steps have no network: gef.build.network=none)";
        }
        return engineError;
    }
}
