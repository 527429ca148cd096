package io.gef.volumes.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated relative path inside a volume or dataset: '/'-separated segments, never absolute, no {@code ..}, no
 * backslash, no NUL or other control character, each segment at most {@value #MAX_SEGMENT_BYTES} UTF-8 bytes and the
 * whole at most {@value #MAX_PATH_BYTES}. Empty and {@code .} segments are dropped ({@code ./a//b/} is {@code a/b}),
 * because tar files made with {@code tar -C dir .} are full of them. The empty path is the root.
 */
record VolumePath(List<String> segments) {
    static final int MAX_SEGMENT_BYTES = 255;
    static final int MAX_PATH_BYTES = 4096;

    public VolumePath {
        segments = List.copyOf(segments);
    }

    /**
     * Parses and validates; throws a 400 {@link io.gef.errors.GefException} ({@code bad_path}) naming {@code raw}
     * and the rule broken.
     */
    static VolumePath parse(String raw) {
        if (raw == null) {
            return new VolumePath(List.of());
        }
        String why = problem(raw);
        if (why != null) {
            throw VolumeErrors.badPath(raw, why);
        }
        List<String> out = new ArrayList<>();
        for (String s : raw.split("/", -1)) {
            if (!s.isEmpty() && !s.equals(".")) {
                out.add(s);
            }
        }
        return new VolumePath(out);
    }

    /** Why {@code raw} is not an acceptable relative path, or null when it is. */
    static String problem(String raw) {
        if (raw.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        if (raw.indexOf('\\') >= 0) {
            return "contains a backslash";
        }
        if (raw.startsWith("/")) {
            return "is absolute";
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "contains a control character";
            }
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return "is longer than " + MAX_PATH_BYTES + " bytes";
        }
        for (String s : raw.split("/", -1)) {
            if (s.equals("..")) {
                return "has a '..' segment";
            }
            if (s.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                return "has a name longer than " + MAX_SEGMENT_BYTES + " bytes";
            }
        }
        return null;
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    String name() {
        return isRoot() ? "" : segments.getLast();
    }

    /** The canonical form: segments joined by '/', no leading or trailing slash. */
    @Override
    public String toString() {
        return String.join("/", segments);
    }

    /** This path under {@code root}; safe because no segment can climb out. */
    Path under(Path root) {
        Path p = root;
        for (String s : segments) {
            p = p.resolve(s);
        }
        return p;
    }

    VolumePath resolve(VolumePath child) {
        List<String> all = new ArrayList<>(segments);
        all.addAll(child.segments);
        return new VolumePath(all);
    }
}
