package io.gef.tes;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.registry.ImageRef;
import io.gef.registry.RegistryClient;
import io.gef.registry.RegistryException;
import java.util.Set;

/**
 * Where the image a TES executor names comes from: always the trusted registry, never the internet. A name without
 * a registry ({@code alpine}, {@code ubuntu:22.04}, {@code biocontainers/samtools:1.9}) or with Docker Hub's
 * ({@code docker.io/library/alpine}) is looked up there, one-component names under {@code library/} as Docker
 * does; the tag is resolved to the digest the job is pinned to. An image that is not there is a 400 saying an
 * administrator can mirror it ({@code ./gef mirror}).
 */
final class TesImages {
    private static final Set<String> DOCKER_HUB = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");
    private final RegistryClient registry;

    TesImages(RegistryClient registry) {
        this.registry = registry;
    }

    /** The registry repository and tag (or digest) a TES image name stands for. */
    ImageRef locate(String field, String image) {
        ImageRef ref;
        try {
            ref = ImageRef.parse(image == null ? "" : image.trim());
        } catch (IllegalArgumentException e) {
            throw new GefException(ErrorCode.BAD_FIELD, field + ": " + e.getMessage());
        }
        boolean hub = ref.host().isEmpty() || DOCKER_HUB.contains(ref.host());
        if (!hub && !ref.host().equals(registry.host())) {
            throw new GefException(ErrorCode.BAD_FIELD, field + ": image " + image + " is from " + ref.host()
                    + "; this server runs images from its trusted registry " + registry.host() + " only (an"
                    + " administrator mirrors others there: ./gef mirror)");
        }
        String repo = hub && !ref.repository().contains("/") ? "library/" + ref.repository() : ref.repository();
        return new ImageRef(registry.host(), repo, ref.tag(), ref.digest());
    }

    /** {@code host/repository@sha256:…} for the image, or a 400 naming {@code field}. */
    String pin(String field, String image) {
        ImageRef ref = locate(field, image);
        try {
            return ref.withDigest(registry.resolve(ref.repository(), ref.reference())).pinned();
        } catch (RegistryException e) {
            if (e.notFound()) {
                throw new GefException(ErrorCode.BAD_FIELD, field + ": image " + image + " is not in the trusted"
                        + " registry as " + ref + " (an administrator mirrors it: ./gef mirror TAR "
                        + ref.repository().replaceFirst("^library/", "") + ":" + ref.reference() + ")");
            }
            throw e;
        }
    }
}
