package io.gef.volumes.store;

/** One stored file: its path inside the volume, size in bytes and lower-case hex sha256. */
public record FileEntry(String path, long size, String sha256) {
}
