package io.gef.engine;

import io.gef.config.GefConfig;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.util.regex.Pattern;

/**
 * The isolation and resource settings one job container runs with. A record of plain fields on purpose: the
 * effective sandbox is stored with the job and copied into its provenance, so it must serialize as it is.
 *
 * <p>Start from {@link #defaults()} (or {@link #fromConfig}), apply what the user asked for with
 * {@link #withResources}, and let policy relax with {@link #withNetwork} / {@link #withRootAllowed}. Settings that
 * are never relaxed (all capabilities dropped, {@code no-new-privileges}) are not fields; see docs/engine.md.
 *
 * @param networkMode    Docker network mode; {@code none} (only loopback) unless policy grants a network
 * @param readOnlyRootfs the image's file system is mounted read-only; jobs write to /tmp and their output mounts
 * @param tmpfsMb        size of the {@code /tmp} tmpfs (noexec, nosuid, nodev); 0 = no /tmp
 * @param allowRoot      whether the job may run as uid 0 (never by default)
 * @param pidsLimit      maximum number of processes/threads inside the container (fork bombs)
 * @param memoryMb       memory limit; swap is disabled (MemorySwap = Memory), so exceeding it is an OOM kill
 * @param cpus           CPU share as a number of CPUs (NanoCpus), e.g. 1.0 or 0.5
 * @param nofile         ulimit on open files (soft = hard)
 * @param nproc          ulimit on processes of the job's uid (soft = hard); counted per uid across the host
 * @param timeoutSeconds wall-clock limit from start; the container is killed when it passes
 * @param logMaxMb       size of one json-file log file of the container (two files are kept)
 */
public record Sandbox(String networkMode, boolean readOnlyRootfs, int tmpfsMb, boolean allowRoot, long pidsLimit,
                      long memoryMb, double cpus, long nofile, long nproc, long timeoutSeconds, int logMaxMb) {
    public static final String NO_NETWORK = "none";
    /** Docker's own lower bound for a memory limit. */
    public static final long MIN_MEMORY_MB = 6;
    public static final long MAX_MEMORY_MB = 1L << 20;
    public static final double MAX_CPUS = 1024;
    public static final long MAX_TIMEOUT_SECONDS = 7L * 24 * 3600;
    private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public Sandbox {
        if (networkMode == null || !NETWORK.matcher(networkMode).matches() || networkMode.equals("host")
                || networkMode.startsWith("container")) {
            // host and container:<id> networking would share another namespace: never a job's sandbox
            throw bad("networkMode must be 'none' or the name of a Docker network (not host/container)");
        }
        requireRange("tmpfsMb", tmpfsMb, 0, 64 * 1024);
        requireRange("pidsLimit", pidsLimit, 16, 1_000_000);
        requireRange("memoryMb", memoryMb, MIN_MEMORY_MB, MAX_MEMORY_MB);
        if (!(cpus >= 0.01 && cpus <= MAX_CPUS)) {
            throw bad("cpus must be between 0.01 and " + (int) MAX_CPUS + ", got " + cpus);
        }
        requireRange("nofile", nofile, 64, 1 << 20);
        requireRange("nproc", nproc, 16, 1 << 22);
        requireRange("timeoutSeconds", timeoutSeconds, 1, MAX_TIMEOUT_SECONDS);
        requireRange("logMaxMb", logMaxMb, 1, 1024);
    }

    /** The hardened defaults (see docs/engine.md for what each does). */
    public static Sandbox defaults() {
        return new Sandbox(NO_NETWORK, true, 64, false, 256, 512, 1.0, 1024, 1024, 3600, 16);
    }

    /** {@link #defaults()} with the operator's {@code gef.sandbox.*} values. */
    public static Sandbox fromConfig(GefConfig config) {
        Sandbox d = defaults();
        double cpus;
        try {
            cpus = Double.parseDouble(config.get("gef.sandbox.cpus"));
        } catch (NumberFormatException e) {
            throw new io.gef.config.ConfigException("gef.sandbox.cpus must be a number, got '"
                    + config.get("gef.sandbox.cpus") + "'");
        }
        return new Sandbox(d.networkMode, d.readOnlyRootfs, config.getInt("gef.sandbox.tmpfs-mb"), false,
                config.getLong("gef.sandbox.pids-limit"), config.getLong("gef.sandbox.memory-mb"), cpus, d.nofile,
                d.nproc, config.getLong("gef.sandbox.timeout-seconds"), d.logMaxMb);
    }

    /**
     * The resources a job asked for; a null argument keeps the current value. Out-of-range values are a
     * {@link BadRequest} naming the field. Operator maxima are the caller's (policy's) business.
     */
    public Sandbox withResources(Double cpus, Long memoryMb, Long timeoutSeconds) {
        return new Sandbox(networkMode, readOnlyRootfs, tmpfsMb, allowRoot, pidsLimit,
                memoryMb != null ? memoryMb : this.memoryMb, cpus != null ? cpus : this.cpus, nofile, nproc,
                timeoutSeconds != null ? timeoutSeconds : this.timeoutSeconds, logMaxMb);
    }

    /** Policy relaxation: attach the job to a Docker network instead of none. */
    public Sandbox withNetwork(String mode) {
        return new Sandbox(mode, readOnlyRootfs, tmpfsMb, allowRoot, pidsLimit, memoryMb, cpus, nofile, nproc,
                timeoutSeconds, logMaxMb);
    }

    /** Policy relaxation: let the job run as uid 0 (still without capabilities). */
    public Sandbox withRootAllowed() {
        return new Sandbox(networkMode, readOnlyRootfs, tmpfsMb, true, pidsLimit, memoryMb, cpus, nofile, nproc,
                timeoutSeconds, logMaxMb);
    }

    /** Policy relaxation: a writable image file system (some tools insist on writing next to themselves). */
    public Sandbox withWritableRootfs() {
        return new Sandbox(networkMode, false, tmpfsMb, allowRoot, pidsLimit, memoryMb, cpus, nofile, nproc,
                timeoutSeconds, logMaxMb);
    }

    /** Policy relaxation or tightening of the process limit. */
    public Sandbox withPidsLimit(long limit) {
        return new Sandbox(networkMode, readOnlyRootfs, tmpfsMb, allowRoot, limit, memoryMb, cpus, nofile, nproc,
                timeoutSeconds, logMaxMb);
    }

    private static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(field + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static GefException bad(String message) {
        return new GefException(ErrorCode.BAD_SANDBOX, message);
    }
}
