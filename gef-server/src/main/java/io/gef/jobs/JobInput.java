package io.gef.jobs;

/**
 * An input as the job used it. {@code kind} is volume, dataset, url or content; {@code volumeId} is the sealed
 * volume mounted (for url and content: the volume GEF staged them into); {@code digest} is the volume's root digest,
 * the fetched file's sha256, or {@code unhashed} for a dataset GEF never reads whole.
 */
public record JobInput(String name, String kind, String containerPath, String volumeId, String dataset, String path,
                       String url, String digest, Long bytes) {
}
