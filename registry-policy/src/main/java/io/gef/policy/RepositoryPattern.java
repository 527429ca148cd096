package io.gef.policy;

/**
 * A trusted registry host with a repository prefix, matched on boundaries: host equals exactly (so
 * {@code 127.0.0.1:5000.evil.io} is not {@code 127.0.0.1:5000}), and the repository equals the prefix or continues
 * it after a '/' (so {@code gef-evil/x} is not under {@code gef}). An empty prefix trusts the whole registry.
 */
record RepositoryPattern(String host, String prefix) {
    public boolean matches(String imageHost, String repository) {
        if (!host.equals(imageHost)) {
            return false;
        }
        return prefix.isEmpty() || repository.equals(prefix) || repository.startsWith(prefix + "/");
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? host : host + "/" + prefix;
    }
}
