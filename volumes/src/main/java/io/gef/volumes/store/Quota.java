package io.gef.volumes.store;

/** Per-user limits over all of that user's volumes: total bytes and total number of files. */
public record Quota(long maxBytes, long maxFiles) {
    public Quota {
        if (maxBytes <= 0 || maxFiles <= 0) {
            throw new IllegalArgumentException("quota limits must be positive, got " + maxBytes + " bytes and "
                    + maxFiles + " files");
        }
    }
}
