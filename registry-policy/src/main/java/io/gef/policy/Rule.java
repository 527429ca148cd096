package io.gef.policy;

import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One rule of the policy. {@link #check} returns null when the image passes, else the reason it does not. */
sealed interface Rule {
    String id();

    Mode mode();

    String type();

    String check(Subject s);

    default RuleResult result(Subject s) {
        String reason = check(s);
        return new RuleResult(id(), type(), mode(), reason == null, reason == null ? "ok" : reason);
    }

    /** Deny by default: only images from these registries and repository prefixes. */
    record TrustedRegistries(String id, Mode mode, List<RepositoryPattern> patterns) implements Rule {
        public String type() {
            return "trusted-registries";
        }

        public String check(Subject s) {
            if (patterns.stream().anyMatch(p -> p.matches(s.ref().host(), s.ref().repository()))) {
                return null;
            }
            return "image " + s.ref() + " is not from a trusted registry and repository (trusted: " + patterns + ")";
        }
    }

    /** Refuses the moving tag {@code latest} (and no tag at all, which means latest). */
    record DenyLatest(String id, Mode mode) implements Rule {
        public String type() {
            return "deny-latest";
        }

        public String check(Subject s) {
            boolean latest = s.ref().digest() == null && (s.ref().tag() == null || s.ref().tag().equals("latest"));
            return latest ? "the tag 'latest' (or no tag) is not allowed: name a version or a digest" : null;
        }
    }

    record RequiredLabels(String id, Mode mode, List<String> labels) implements Rule {
        public String type() {
            return "required-labels";
        }

        public String check(Subject s) {
            if (!s.readable()) {
                return "labels not checked: " + s.unreadable();
            }
            List<String> missing = labels.stream().filter(l -> s.labels().getOrDefault(l, "").isBlank()).toList();
            return missing.isEmpty() ? null : "missing required label(s): " + String.join(", ", missing);
        }
    }

    /** Sum of layer sizes from the manifest, known before anything is pulled. */
    record MaxImageSize(String id, Mode mode, long maxBytes) implements Rule {
        public String type() {
            return "max-image-size";
        }

        public String check(Subject s) {
            if (!s.readable()) {
                return "size not checked: " + s.unreadable();
            }
            long size = s.manifest().totalLayerBytes();
            return size > maxBytes ? "image is " + size + " bytes, over the limit of " + maxBytes : null;
        }
    }

    /** At least {@code threshold} of {@code keys} signed this exact digest for this repository. */
    record Signatures(String id, Mode mode, Map<String, PublicKey> keys, int threshold) implements Rule {
        public String type() {
            return "signatures";
        }

        public String check(Subject s) {
            if (!s.readable()) {
                return "signatures not checked: " + s.unreadable();
            }
            Set<String> valid = s.signers().apply(keys);
            if (valid.size() >= threshold) {
                return null;
            }
            return valid.isEmpty()
                    ? "no valid signature by a trusted key (" + String.join(", ", keys.keySet()) + ") for "
                            + s.manifest().digest()
                    : "signed by " + valid + " only; " + threshold + " of " + keys.keySet() + " required";
        }
    }

    /** Ceilings for what a job may ask for; network only for the listed repositories. */
    record ResourceCeilings(String id, Mode mode, Integer maxMemoryMb, Double maxCpus, Integer maxTimeoutSeconds,
                            List<RepositoryPattern> networkAllowed) implements Rule {
        public String type() {
            return "resource-ceilings";
        }

        public String check(Subject s) {
            ResourceRequest r = s.resources();
            if (r.memoryMb() != null && maxMemoryMb != null && r.memoryMb() > maxMemoryMb) {
                return "memory " + r.memoryMb() + " MB is over the ceiling of " + maxMemoryMb + " MB";
            }
            if (r.cpus() != null && maxCpus != null && r.cpus() > maxCpus) {
                return "cpus " + r.cpus() + " is over the ceiling of " + maxCpus;
            }
            if (r.timeoutSeconds() != null && maxTimeoutSeconds != null && r.timeoutSeconds() > maxTimeoutSeconds) {
                return "timeout " + r.timeoutSeconds() + " s is over the ceiling of " + maxTimeoutSeconds + " s";
            }
            if (r.network() && networkAllowed.stream().noneMatch(p -> p.matches(s.ref().host(),
                    s.ref().repository()))) {
                return "network access is not allowed for " + s.ref().repository();
            }
            return null;
        }
    }

    /** A setting rather than a check: the user jobs may run as ({@link Policy#jobUser()}); it never fails. */
    record JobUser(String id, Mode mode, String allow) implements Rule {
        static final List<String> LEVELS = List.of("gef-user", "image-user", "remapped-root");

        public String type() {
            return "job-user";
        }

        public String check(Subject s) {
            return null;
        }
    }
}
