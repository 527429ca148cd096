package io.gef.tes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gef.audit.AuditLog;
import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.policy.CosignSignatures;
import io.gef.registry.ImageRef;
import io.gef.registry.RegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyPair;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Puts an image from a {@code docker save} tar into the trusted registry under the name TES clients use
 * ({@code alpine} → {@code library/alpine:latest}), through GEF's own registry client (so the registry's
 * authentication is GEF's), and signs it with the server key: mirroring is an administrator vouching for the
 * image, and the policy then judges it like any other (trusted repository, labels, signature, size).
 *
 * <pre>
 * docker save busybox:1 -o busybox.tar
 * curl -H "Authorization: Bearer $ADMIN" --data-binary @busybox.tar "http://localhost:8080/api/admin/images/mirror?name=alpine:latest"
 * </pre>
 */
public final class ImageMirror {
    static final String MANIFEST_CONFIG = "application/vnd.docker.container.image.v1+json";
    static final String LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RegistryClient registry;
    private final KeyPair key;
    private final AuditLog audit;
    private final TesImages images;

    /** What was pushed: {@code image} as clients name it, {@code pinned} as jobs run it. */
    public record Mirrored(String image, String pinned, String digest, int layers, long bytes) {
    }

    public ImageMirror(RegistryClient registry, KeyPair serverKey, AuditLog audit) {
        this.registry = registry;
        this.key = serverKey;
        this.audit = audit;
        this.images = new TesImages(registry);
    }

    /**
     * @param name {@code NAME[:TAG]} as a TES client writes it; null: the tar's first repository tag
     */
    public Mirrored mirror(Caller caller, InputStream tar, String name) {
        if (!caller.isAdmin()) {
            throw new GefException(ErrorCode.ROLE_REQUIRED, "mirroring images is for admins");
        }
        Map<String, byte[]> files;
        try {
            files = SavedImage.read(tar);
        } catch (IOException | RuntimeException e) {
            throw e instanceof GefException g ? g : new GefException(ErrorCode.BAD_REQUEST,
                    "the body is not a docker save tar: " + e.getMessage());
        }
        JsonNode manifest = parse(files.get("manifest.json"), "manifest.json").path(0);
        String wanted = name != null && !name.isBlank() ? name : manifest.path("RepoTags").path(0).asText(null);
        if (wanted == null) {
            throw new GefException(ErrorCode.BAD_FIELD, "name is required: the tar has no repository tag");
        }
        ImageRef ref = images.locate("name", wanted.replaceFirst("^[^/]*[.:][^/]*/", ""));
        String tag = ref.tag() == null ? "latest" : ref.tag();
        ObjectNode config = (ObjectNode) parse(files.get(manifest.path("Config").asText()), "the image config");
        ObjectNode labels = config.withObject("/config").withObject("/Labels");
        labels.put("eudat.gef.service.name", ref.repository());
        labels.put("eudat.gef.service.version", tag);
        labels.put("io.gef.mirrored", "true");
        byte[] configBytes = config.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2).put("mediaType", RegistryClient.DOCKER_V2);
        m.putObject("config").put("mediaType", MANIFEST_CONFIG).put("size", configBytes.length)
                .put("digest", registry.pushBlob(ref.repository(), configBytes));
        ArrayNode layers = m.putArray("layers");
        long total = 0;
        for (JsonNode path : manifest.path("Layers")) {
            byte[] layer = files.get(path.asText());
            if (layer == null) {
                throw new GefException(ErrorCode.BAD_REQUEST, "the tar lacks the layer " + path.asText());
            }
            byte[] gz = gzip(layer);
            total += gz.length;
            layers.addObject().put("mediaType", LAYER_GZIP).put("size", gz.length)
                    .put("digest", registry.pushBlob(ref.repository(), gz));
        }
        String digest = registry.putManifest(ref.repository(), tag, RegistryClient.DOCKER_V2,
                m.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        new CosignSignatures(registry).sign(registry.host(), ref.repository(), digest, key);
        String image = registry.host() + "/" + ref.repository() + ":" + tag;
        audit.record(caller, "image.mirrored", image, Map.of("digest", digest));
        return new Mirrored(image, registry.host() + "/" + ref.repository() + "@" + digest, digest, layers.size(),
                total);
    }

    private static JsonNode parse(byte[] bytes, String what) {
        if (bytes == null) {
            throw new GefException(ErrorCode.BAD_REQUEST, "the tar has no " + what + ": is it from docker save?");
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new GefException(ErrorCode.BAD_REQUEST, what + " in the tar is not JSON");
        }
    }

    private static byte[] gzip(byte[] data) {
        var out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException("gzip in memory failed", e);
        }
        return out.toByteArray();
    }
}
