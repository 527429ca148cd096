package io.gef.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Job ids derived from a caller's key ({@link JobService#submitOnce}): the same key always names the same job, so
 * a caller can fix the id before the job exists and find it, or create it, after a crash.
 */
public final class JobKeys {
    private JobKeys() {
    }

    /** The job id a key stands for: as unguessable as the key, the same shape as a random id. */
    public static String idFor(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "job-" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
