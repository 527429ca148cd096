package io.gef.engine;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.nio.file.Path;

/**
 * A host directory or file bound into a job container. Bound as a Docker {@code bind} mount (not a legacy
 * {@code Binds} entry), so a missing host path is an error instead of a root-owned directory created on the host.
 *
 * @param hostPath      absolute, normalized path on the engine's host
 * @param containerPath absolute path inside the container, not {@code /}
 * @param readOnly      inputs are read-only; only output directories are writable
 */
public record Mount(String hostPath, String containerPath, boolean readOnly) {
    public Mount {
        if (hostPath == null || !hostPath.startsWith("/") || !Path.of(hostPath).normalize().toString().equals(hostPath)) {
            // the value itself is a server path: do not echo it back to a client
            throw new GefException(ErrorCode.BAD_MOUNT, "mount hostPath must be an absolute, normalized path");
        }
        if (containerPath == null || !containerPath.startsWith("/") || containerPath.equals("/")
                || containerPath.contains(",") || containerPath.contains(":")
                || !Path.of(containerPath).normalize().toString().equals(containerPath)) {
            throw new GefException(ErrorCode.BAD_MOUNT,
                    "mount containerPath must be an absolute, normalized path other than / without ',' or ':'");
        }
    }

    public static Mount readOnly(Path host, String containerPath) {
        return new Mount(host.toAbsolutePath().normalize().toString(), containerPath, true);
    }

    public static Mount readWrite(Path host, String containerPath) {
        return new Mount(host.toAbsolutePath().normalize().toString(), containerPath, false);
    }
}
