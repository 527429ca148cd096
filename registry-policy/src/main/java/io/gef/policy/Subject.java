package io.gef.policy;

import io.gef.registry.ImageRef;
import io.gef.registry.Manifest;
import java.security.PublicKey;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the rules look at: the image as asked for, and (when it is from a trusted registry and could be read)
 * its manifest, labels and a way to count valid signatures by a set of keys.
 */
record Subject(ImageRef ref, Manifest manifest, Map<String, String> labels, String unreadable,
               ResourceRequest resources, Function<Map<String, PublicKey>, Set<String>> signers) {
    boolean readable() {
        return manifest != null;
    }
}
