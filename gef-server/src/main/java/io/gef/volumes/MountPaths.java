package io.gef.volumes;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a bind mount really starts. The engine follows symbolic links in a mount source, so a link inside a volume
 * or dataset ({@code data -> /etc}) would mount whatever it points at: the source is resolved to its real path
 * here and refused unless it stays inside the real path of its root. What is returned is that resolved path, so
 * the engine is handed no link to follow.
 */
final class MountPaths {
    private MountPaths() {
    }

    /** The real path of {@code sub} (relative, already without '..') below {@code root}; 400 when it leaves it. */
    static String inside(String root, String sub, String what) {
        try {
            Path realRoot = Path.of(root).toRealPath();
            Path real = sub == null ? realRoot : realRoot.resolve(sub).toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new GefException(ErrorCode.BAD_PATH, what + ": path " + sub + " leads outside it (a symbolic"
                        + " link); refused");
            }
            return real.toString();
        } catch (IOException e) {
            throw new GefException(ErrorCode.BAD_PATH, what + ": path " + (sub == null ? "(root)" : sub)
                    + " does not exist");
        }
    }
}
