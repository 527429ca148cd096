package io.gef.provenance;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * DSSE envelopes (github.com/secure-systems-lab/dsse): the signature covers
 * {@code PAE(type, body) = "DSSEv1" SP len(type) SP type SP len(body) SP body}, ECDSA P-256 with SHA-256, DER,
 * base64; {@code keyid} is the server key's JWK thumbprint, found in {@code GET /api/keys}.
 */
public final class Dsse {
    public static final String IN_TOTO = "application/vnd.in-toto+json";

    private Dsse() {
    }

    public record Envelope(String payloadType, String payload, List<Sig> signatures) {
        public byte[] payloadBytes() {
            return Base64.getDecoder().decode(payload);
        }
    }

    public record Sig(String keyid, String sig) {
    }

    static byte[] pae(String type, byte[] body) {
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + t.length + " " + type + " " + body.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    static Envelope sign(String type, byte[] body, PrivateKey key, String keyId) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(pae(type, body));
            return new Envelope(type, Base64.getEncoder().encodeToString(body),
                    List.of(new Sig(keyId, Base64.getEncoder().encodeToString(s.sign()))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign provenance", e);
        }
    }

    /** The key id of the first signature that verifies with a key of the same id, or null. */
    static String verify(Envelope e, Map<String, PublicKey> keys) {
        byte[] body;
        try {
            body = e.payloadBytes();
        } catch (IllegalArgumentException | NullPointerException x) {
            return null;
        }
        for (Sig sig : e.signatures() == null ? List.<Sig>of() : e.signatures()) {
            PublicKey key = sig == null ? null : keys.get(sig.keyid());
            if (key == null || sig.sig() == null) {
                continue;
            }
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initVerify(key);
                s.update(pae(e.payloadType() == null ? "" : e.payloadType(), body));
                if (s.verify(Base64.getDecoder().decode(sig.sig()))) {
                    return sig.keyid();
                }
            } catch (GeneralSecurityException | IllegalArgumentException x) {
                // a malformed signature is simply not a valid one
            }
        }
        return null;
    }
}
