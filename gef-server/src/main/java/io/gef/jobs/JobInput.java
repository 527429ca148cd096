package io.gef.jobs;

/**
 * An input as the job used it. {@code kind} is volume, dataset, url or content; {@code volumeId} is the sealed
 * volume mounted (for url and content: the volume GEF staged them into); {@code digest} is the volume's root digest,
 * the fetched file's sha256, or {@code unhashed} for a dataset GEF never reads whole. {@code filename} names the
 * file a url or inline input is written to inside its staged volume.
 */
public record JobInput(String name, String kind, String containerPath, String volumeId, String dataset, String path,
                       String url, String filename, String digest, Long bytes) {
    JobInput staged(String stagedVolumeId, String stagedDigest, long stagedBytes) {
        return new JobInput(name, kind, containerPath, stagedVolumeId, dataset, path, url, filename, stagedDigest,
                stagedBytes);
    }
}
