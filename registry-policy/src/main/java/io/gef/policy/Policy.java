package io.gef.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gef.registry.RegistryClient;
import java.io.IOException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed policy file and its digest ({@code sha256:} of the file's exact bytes), which identifies the policy in
 * force in every decision. Deny by default: without a {@code trusted-registries} rule nothing is trusted.
 * The format is documented in docs/policy.md; every error names the rule and field.
 */
record Policy(String digest, String source, List<Rule> rules) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** @param namedKeys keys a policy may name instead of spelling out, e.g. {@code server} */
    static Policy parse(byte[] yaml, Map<String, PublicKey> namedKeys) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new PolicyException("policy is not valid YAML: " + e.getMessage());
        }
        if (root == null || root.path("version").asInt(0) != 1) {
            throw new PolicyException("version: must be 1");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonNode r : root.path("rules")) {
            String where = "rules[" + i++ + "]";
            String id = text(r, "id", where);
            if (!ids.add(id)) {
                throw new PolicyException(where + ".id: '" + id + "' is used twice");
            }
            rules.add(rule(r, id, where + " (" + id + ")", namedKeys));
        }
        if (rules.stream().noneMatch(r -> r instanceof Rule.TrustedRegistries)) {
            rules.addFirst(new Rule.TrustedRegistries("deny-by-default", Mode.ENFORCE, List.of()));
        }
        return new Policy(RegistryClient.sha256(yaml), new String(yaml, java.nio.charset.StandardCharsets.UTF_8),
                List.copyOf(rules));
    }

    private static Rule rule(JsonNode r, String id, String where, Map<String, PublicKey> namedKeys) {
        Mode mode = switch (r.path("mode").asText("enforce")) {
            case "enforce" -> Mode.ENFORCE;
            case "audit" -> Mode.AUDIT;
            default -> throw new PolicyException(where + ".mode: must be enforce or audit");
        };
        String type = text(r, "type", where);
        return switch (type) {
            case "trusted-registries" -> new Rule.TrustedRegistries(id, mode, patterns(r, "repositories", where));
            case "deny-latest" -> new Rule.DenyLatest(id, mode);
            case "required-labels" -> {
                List<String> labels = new ArrayList<>();
                r.path("labels").forEach(l -> labels.add(l.asText()));
                if (labels.isEmpty()) {
                    throw new PolicyException(where + ".labels: list at least one label");
                }
                yield new Rule.RequiredLabels(id, mode, List.copyOf(labels));
            }
            case "max-image-size" -> new Rule.MaxImageSize(id, mode, positive(r, "maxBytes", where));
            case "signatures" -> {
                Map<String, PublicKey> keys = new LinkedHashMap<>();
                r.path("keys").properties().forEach(e -> keys.put(e.getKey(),
                        key(e.getValue().asText(), namedKeys, where + ".keys." + e.getKey())));
                int threshold = r.path("threshold").asInt(1);
                if (keys.isEmpty() || threshold < 1 || threshold > keys.size()) {
                    throw new PolicyException(where + ": needs keys and a threshold between 1 and their number");
                }
                yield new Rule.Signatures(id, mode, Map.copyOf(keys), threshold);
            }
            case "resource-ceilings" -> new Rule.ResourceCeilings(id, mode,
                    r.has("maxMemoryMb") ? (int) positive(r, "maxMemoryMb", where) : null,
                    r.has("maxCpus") ? r.path("maxCpus").asDouble() : null,
                    r.has("maxTimeoutSeconds") ? (int) positive(r, "maxTimeoutSeconds", where) : null,
                    patterns(r, "networkAllowed", where));
            case "job-user" -> {
                String allow = text(r, "allow", where);
                if (!Rule.JobUser.LEVELS.contains(allow)) {
                    throw new PolicyException(where + ".allow: '" + allow + "' must be one of "
                            + String.join(", ", Rule.JobUser.LEVELS));
                }
                yield new Rule.JobUser(id, mode, allow);
            }
            default -> throw new PolicyException(where + ".type: unknown rule type '" + type + "' (one of"
                    + " trusted-registries, deny-latest, required-labels, max-image-size, signatures,"
                    + " resource-ceilings, job-user)");
        };
    }

    /**
     * Which user a job's container may run as: {@code gef-user} (always 1000:1000, the default without a
     * {@code job-user} rule), {@code image-user} (the image's own non-root USER) or {@code remapped-root} (also uid 0,
     * but only on an engine that remaps user namespaces). With several rules the strictest applies.
     */
    public String jobUser() {
        return rules.stream().filter(r -> r instanceof Rule.JobUser).map(r -> ((Rule.JobUser) r).allow())
                .min(java.util.Comparator.comparingInt(Rule.JobUser.LEVELS::indexOf)).orElse("gef-user");
    }

    private static List<RepositoryPattern> patterns(JsonNode r, String field, String where) {
        List<RepositoryPattern> out = new ArrayList<>();
        for (JsonNode p : r.path(field)) {
            String s = p.asText().trim().replaceAll("/+$", "");
            int slash = s.indexOf('/');
            String host = slash < 0 ? s : s.substring(0, slash);
            if (host.isEmpty() || host.contains("*")) {
                throw new PolicyException(where + "." + field + ": '" + p.asText() + "' must be host[:port][/path]");
            }
            out.add(new RepositoryPattern(host.toLowerCase(Locale.ROOT), slash < 0 ? "" : s.substring(slash + 1)));
        }
        return List.copyOf(out);
    }

    private static PublicKey key(String value, Map<String, PublicKey> named, String where) {
        if (named.containsKey(value)) {
            return named.get(value);
        }
        if (!value.contains("BEGIN PUBLIC KEY")) {
            throw new PolicyException(where + ": neither a known key name " + named.keySet() + " nor a PEM public key");
        }
        String b64 = value.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                    .decode(b64)));
        } catch (Exception e) {
            throw new PolicyException(where + ": not an EC public key in PEM");
        }
    }

    private static String text(JsonNode r, String field, String where) {
        String v = r.path(field).asText("");
        if (v.isBlank()) {
            throw new PolicyException(where + "." + field + ": required");
        }
        return v;
    }

    private static long positive(JsonNode r, String field, String where) {
        long v = r.path(field).asLong(0);
        if (v <= 0) {
            throw new PolicyException(where + "." + field + ": must be a positive number");
        }
        return v;
    }
}
