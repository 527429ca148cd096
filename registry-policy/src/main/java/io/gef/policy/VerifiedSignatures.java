package io.gef.policy;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdicts of signature checks already made, by payload, signature and key. An ECDSA P-256 verification costs
 * about half a millisecond on this project's 2-core machines, and every job submission checks the same image's
 * signature again; the verdict for the same three never changes, so it is safe to keep. Bounded, least recently
 * used first out.
 */
final class VerifiedSignatures {
    private record Checked(byte[] payload, String signature, PublicKey key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Checked c && Arrays.equals(payload, c.payload) && signature.equals(c.signature)
                    && key.equals(c.key);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(payload) + signature.hashCode()) + key.hashCode();
        }
    }

    private final Map<Checked, Boolean> verdicts;

    VerifiedSignatures(int maxEntries) {
        this.verdicts = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Checked, Boolean> eldest) {
                return size() > maxEntries;
            }
        });
    }

    /** {@link CosignSignatures#verifyBytes}, asked once per payload, signature and key. */
    boolean verify(byte[] payload, String signature, PublicKey key) {
        Checked c = new Checked(payload.clone(), signature, key);
        Boolean known = verdicts.get(c);
        if (known != null) {
            return known;
        }
        boolean ok = CosignSignatures.verifyBytes(payload, signature, key);
        verdicts.put(c, ok);
        return ok;
    }
}
