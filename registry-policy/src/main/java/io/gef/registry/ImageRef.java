package io.gef.registry;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed image reference {@code host[:port]/path[:tag][@sha256:hex]}. The first segment is a registry host only
 * when it contains '.' or ':' or is "localhost" (Docker's rule); GEF always expects an explicit host.
 *
 * @param host       registry host and port, e.g. {@code 127.0.0.1:5000}; empty when none was given
 * @param repository path inside the registry, e.g. {@code gef/wordcount}
 * @param tag        tag, or null
 * @param digest     {@code sha256:<64 hex>}, or null
 */
public record ImageRef(String host, String repository, String tag, String digest) {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

    public static ImageRef parse(String ref) {
        if (ref == null || ref.isBlank() || ref.length() > 512) {
            throw new IllegalArgumentException("image reference is empty or too long");
        }
        String rest = ref;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("digest must be sha256:<64 lowercase hex>, got '" + digest + "'");
            }
        }
        String host = "";
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                host = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("invalid tag '" + tag + "'");
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("image reference has no repository: '" + ref + "'");
        }
        for (String part : rest.split("/", -1)) {
            if (!COMPONENT.matcher(part).matches()) {
                throw new IllegalArgumentException("invalid repository path component '" + part + "' in '" + ref + "'");
            }
        }
        return new ImageRef(host, rest, tag, digest);
    }

    public Optional<String> tagOpt() {
        return Optional.ofNullable(tag);
    }

    /** The reference the registry API takes: the digest if pinned, else the tag, else "latest". */
    public String reference() {
        return digest != null ? digest : tag != null ? tag : "latest";
    }

    public ImageRef withDigest(String d) {
        return new ImageRef(host, repository, tag, d);
    }

    /** {@code host/repository@digest}: what a job runs. */
    public String pinned() {
        if (digest == null) {
            throw new IllegalStateException("not pinned: " + this);
        }
        return (host.isEmpty() ? "" : host + "/") + repository + "@" + digest;
    }

    @Override
    public String toString() {
        return (host.isEmpty() ? "" : host + "/") + repository + (tag != null ? ":" + tag : "")
                + (digest != null ? "@" + digest : "");
    }
}
