package io.gef.volumes;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.volumes.store.RemoteFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a bind mount really starts. On the host of an engine this server cannot see, the engine resolves it
 * ({@link RemoteFiles#realPath}). The engine follows symbolic links in a mount source, so a link inside a volume
 * or dataset ({@code data -> /etc}) would mount whatever it points at: the source is resolved to its real path
 * here and refused unless it stays inside the real path of its root. What is returned is that resolved path, so
 * the engine is handed no link to follow.
 */
final class MountPaths {
    private MountPaths() {
    }

    /** The real path of {@code sub} (relative, already without '..') below {@code root}; 400 when it leaves it. */
    static String inside(String root, String sub, String what, RemoteFiles remote) {
        if (remote == null) {
            return inside(root, sub, what);
        }
        if (sub == null) {
            return root;
        }
        try {
            return remote.realPath(root, sub);
        } catch (GefException e) {
            throw new GefException(e.code(), what + ": " + e.getMessage());
        }
    }

    /** On this host; see {@link #inside(String, String, String, RemoteFiles)}. */
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
