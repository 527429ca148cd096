package io.gef.volumes.store;

import java.time.Instant;

/** One child of a listed folder. {@code size} and {@code sha256} are null for directories. */
public record TreeEntry(String name, String type, Long size, String sha256, Instant modified) {
    static TreeEntry dir(String name, Instant modified) {
        return new TreeEntry(name, "dir", null, null, modified);
    }

    static TreeEntry file(String name, long size, String sha256, Instant modified) {
        return new TreeEntry(name, "file", size, sha256, modified);
    }
}
