package io.gef.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small blobs already read and checked, by repository and digest: content named by its digest never changes, and
 * every job submission reads the image's config and its signatures' payloads again. Manifests and tags are always
 * asked (they can be deleted or moved); only what they point at is remembered. Copies go in and out, so a caller
 * cannot change what the next one reads.
 */
final class SmallBlobs {
    private static final int MAX_ENTRIES = 512;
    private static final int MAX_BYTES = 1 << 20;
    private final Map<String, byte[]> blobs = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > MAX_ENTRIES;
                }
            });

    /** A copy of the blob, or null when it was not read yet. */
    byte[] get(String repository, String digest) {
        byte[] b = blobs.get(repository + "@" + digest);
        return b == null ? null : b.clone();
    }

    /** Keeps a copy of a checked blob when it is small (configs, signatures); larger ones are not kept. */
    void put(String repository, String digest, byte[] checked) {
        if (checked.length <= MAX_BYTES) {
            blobs.put(repository + "@" + digest, checked.clone());
        }
    }
}
