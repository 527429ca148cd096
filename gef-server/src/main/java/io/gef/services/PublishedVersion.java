package io.gef.services;

import java.time.Instant;
import java.util.Map;

/** One published version of a service: immutable; {@code deprecatedAt} hides it from the catalog only. */
public record PublishedVersion(String name, String version, String digest, String image, String configDigest,
                               Map<String, String> labels, long sizeBytes, String publisher, Instant publishedAt,
                               Instant deprecatedAt) {
    /** {@code host/repo@sha256:…}: what jobs run. */
    public String pinned() {
        return image.replaceFirst(":[^:/]+$", "") + "@" + digest;
    }

    ServiceSpec spec() {
        return ServiceSpec.fromLabels(labels);
    }
}
