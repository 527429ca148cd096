package io.gef.volumes.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The root digest of a sealed volume: lower-case hex sha256 over the lines {@code path NUL size NUL sha256 LF}, one
 * per regular file, sorted by the UTF-8 bytes of the path ({@code LC_ALL=C sort}). {@code path} is relative to the
 * volume root with '/' separators, {@code size} is decimal, {@code sha256} lower-case hex. See docs/volumes.md.
 */
final class RootDigest {
    private RootDigest() {
    }

    static String of(Collection<FileEntry> files) {
        List<FileEntry> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.path().getBytes(StandardCharsets.UTF_8),
                b.path().getBytes(StandardCharsets.UTF_8)));
        MessageDigest md = Hashing.sha256();
        for (FileEntry f : sorted) {
            md.update((f.path() + '\0' + f.size() + '\0' + f.sha256() + '\n').getBytes(StandardCharsets.UTF_8));
        }
        return Hashing.hex(md.digest());
    }
}
