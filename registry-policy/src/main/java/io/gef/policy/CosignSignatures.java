package io.gef.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gef.registry.RegistryClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Image signatures in cosign's layout, so cosign-aware tools can read them: the "simple signing" payload names the
 * repository ({@code critical.identity.docker-reference}) and the manifest digest
 * ({@code critical.image.docker-manifest-digest}); an ECDSA P-256/SHA-256 signature (DER, base64) over the payload
 * bytes is the layer annotation {@code dev.cosignproject.cosign/signature} of an OCI manifest stored under the tag
 * {@code sha256-<hex>.sig} in the image's repository.
 */
public final class CosignSignatures {
    static final String PAYLOAD_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String ANNOTATION = "dev.cosignproject.cosign/signature";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Verdicts already reached: whether a signature holds for a payload and key never changes. */
    private static final VerifiedSignatures VERIFIED = new VerifiedSignatures(1024);
    private final RegistryClient registry;

    public CosignSignatures(RegistryClient registry) {
        this.registry = registry;
    }

    /** One signature found next to an image: the payload and the base64 signature over it. */
    record Entry(byte[] payload, String signature) {
    }

    public static String sigTag(String digest) {
        return digest.replace(':', '-') + ".sig";
    }

    static byte[] payload(String dockerReference, String digest) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", digest);
        critical.put("type", "cosign container image signature");
        root.putNull("optional");
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Signs {@code repository@digest} (repository as {@code host/path}) and stores the signature next to it, unless
     * {@code key} signed it already: ECDSA signatures differ every time, so each publish of an unchanged image added
     * a layer, and every policy check of the image read them all (16 after 16 start-ups, 8 ms per job submission).
     */
    public void sign(String host, String repository, String digest, KeyPair key) {
        byte[] payload = payload(host + "/" + repository, digest);
        Optional<JsonNode> existing = registry.manifestJson(repository, sigTag(digest));
        if (existing.isPresent() && signedBy(existing.get(), payload, key.getPublic())) {
            return;
        }
        String sig = signBytes(payload, key.getPrivate());
        String payloadDigest = registry.pushBlob(repository, payload);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        ObjectNode manifest = existing.map(j -> (ObjectNode) j)
                .orElseGet(() -> {
                    ObjectNode m = JSON.createObjectNode();
                    m.put("schemaVersion", 2);
                    m.put("mediaType", RegistryClient.OCI_V1);
                    m.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                            .put("size", config.length).put("digest", configDigest);
                    m.putArray("layers");
                    return m;
                });
        ArrayNode layers = (ArrayNode) manifest.get("layers");
        ObjectNode layer = layers.addObject();
        layer.put("mediaType", PAYLOAD_TYPE).put("size", payload.length).put("digest", payloadDigest);
        layer.putObject("annotations").put(ANNOTATION, sig);
        registry.putManifest(repository, sigTag(digest), RegistryClient.OCI_V1,
                manifest.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The names of {@code keys} with a valid signature of exactly {@code host/repository@digest}. */
    public Set<String> validSigners(String host, String repository, String digest, Map<String, PublicKey> keys) {
        return validSigners(host, repository, digest, keys, entries(repository, digest));
    }

    /** As above, judging {@code entries} already read from the image's signature tag. */
    Set<String> validSigners(String host, String repository, String digest, Map<String, PublicKey> keys,
                             List<Entry> entries) {
        Set<String> valid = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (valid.size() == keys.size()) {
                break; // every key is proven: the other signatures cannot change the answer
            }
            if (!coversImage(e.payload(), host + "/" + repository, digest)) {
                continue; // a signature of another image copied here proves nothing about this one
            }
            keys.forEach((name, key) -> {
                if (!valid.contains(name) && VERIFIED.verify(e.payload(), e.signature(), key)) {
                    valid.add(name);
                }
            });
        }
        return valid;
    }

    /** Whether the signature manifest {@code sigManifest} has a signature of exactly {@code payload} by {@code key}. */
    private static boolean signedBy(JsonNode sigManifest, byte[] payload, PublicKey key) {
        String payloadDigest = RegistryClient.sha256(payload);
        for (JsonNode l : sigManifest.path("layers")) {
            String sig = l.path("annotations").path(ANNOTATION).asText(null);
            if (sig != null && payloadDigest.equals(l.path("digest").asText()) && VERIFIED.verify(payload, sig, key)) {
                return true;
            }
        }
        return false;
    }

    List<Entry> entries(String repository, String digest) {
        List<Entry> out = new ArrayList<>();
        JsonNode manifest = registry.manifestJson(repository, sigTag(digest)).orElse(null);
        if (manifest == null) {
            return out;
        }
        for (JsonNode l : manifest.path("layers")) {
            String sig = l.path("annotations").path(ANNOTATION).asText(null);
            if (sig != null && l.path("size").asLong() < 64 * 1024) {
                out.add(new Entry(registry.blob(repository, l.path("digest").asText()), sig));
            }
        }
        return out;
    }

    static boolean coversImage(byte[] payload, String dockerReference, String digest) {
        try {
            JsonNode p = JSON.readTree(payload);
            return dockerReference.equals(p.path("critical").path("identity").path("docker-reference").asText())
                    && digest.equals(p.path("critical").path("image").path("docker-manifest-digest").asText());
        } catch (IOException e) {
            return false;
        }
    }

    static String signBytes(byte[] payload, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(payload);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    static boolean verifyBytes(byte[] payload, String b64sig, PublicKey key) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(payload);
            return s.verify(Base64.getDecoder().decode(b64sig));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
