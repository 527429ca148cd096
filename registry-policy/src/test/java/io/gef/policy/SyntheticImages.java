package io.gef.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gef.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

/** Pushes small but real images (config blob with labels, one layer, a Docker v2 manifest) without docker. */
final class SyntheticImages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RegistryClient registry;

    SyntheticImages(RegistryClient registry) {
        this.registry = registry;
    }

    /** Returns the manifest digest. */
    String push(String repository, String tag, Map<String, String> labels, int layerBytes) {
        byte[] layer = new byte[layerBytes];
        new SecureRandom().nextBytes(layer);
        String layerDigest = registry.pushBlob(repository, layer);
        ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
        ObjectNode labelNode = config.putObject("config").putObject("Labels");
        labels.forEach(labelNode::put);
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layerDigest);
        byte[] configBytes = config.toString().getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, configBytes);
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", RegistryClient.DOCKER_V2);
        m.putObject("config").put("mediaType", "application/vnd.docker.container.image.v1+json")
                .put("size", configBytes.length).put("digest", configDigest);
        m.putArray("layers").addObject().put("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip")
                .put("size", layer.length).put("digest", layerDigest);
        return registry.putManifest(repository, tag, RegistryClient.DOCKER_V2,
                m.toString().getBytes(StandardCharsets.UTF_8));
    }
}
