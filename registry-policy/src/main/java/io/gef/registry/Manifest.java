package io.gef.registry;

import java.util.List;

/**
 * A single-platform image manifest as the registry stores it.
 *
 * @param digest       sha256 of the exact manifest bytes (equals the registry's Docker-Content-Digest)
 * @param mediaType    Docker v2 or OCI manifest media type
 * @param configDigest digest of the config blob (equals the engine's image id)
 * @param layers       layer digests and sizes, in order
 * @param bytes        the raw manifest, for provenance and signing
 */
public record Manifest(String digest, String mediaType, String configDigest, List<Layer> layers, byte[] bytes) {
    public record Layer(String digest, long size) {
    }

    /** Sum of compressed layer sizes: what a pull would transfer, known before pulling. */
    public long totalLayerBytes() {
        return layers.stream().mapToLong(Layer::size).sum();
    }
}
