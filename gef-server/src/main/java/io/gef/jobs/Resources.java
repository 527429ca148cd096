package io.gef.jobs;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;


/** Resources a job asks for; null fields take the service's hint, then the server default. */
public record Resources(Double cpus, Integer memoryMb, Integer timeoutSeconds) {
    public static final Resources NONE = new Resources(null, null, null);

    /** Rejects values no engine could honour; policy ceilings are checked later, per image. */
    public Resources validated() {
        if (cpus != null && (cpus.isNaN() || cpus <= 0 || cpus > 64)) {
            throw new GefException(ErrorCode.BAD_FIELD, "resources.cpus must be > 0 and <= 64");
        }
        if (memoryMb != null && (memoryMb < 8 || memoryMb > 1_048_576)) {
            throw new GefException(ErrorCode.BAD_FIELD, "resources.memoryMb must be between 8 and 1048576");
        }
        if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > 7 * 24 * 3600)) {
            throw new GefException(ErrorCode.BAD_FIELD, "resources.timeoutSeconds must be between 1 and 604800");
        }
        return this;
    }

    /** This request with blanks filled from {@code fallback}. */
    public Resources orElse(Resources fallback) {
        return new Resources(cpus != null ? cpus : fallback.cpus(),
                memoryMb != null ? memoryMb : fallback.memoryMb(),
                timeoutSeconds != null ? timeoutSeconds : fallback.timeoutSeconds());
    }
}
