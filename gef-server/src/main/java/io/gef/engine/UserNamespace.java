package io.gef.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether an engine remaps user namespaces ({@code dockerd --userns-remap=default}), and onto which host ids. With
 * remapping, uid 0 in a container is the unprivileged host uid {@code uidBase} and container uid N is host uid
 * {@code uidBase + N}: a bind-mounted output directory must belong to that host uid to be writable, and files the
 * job writes there appear on the host owned by it. The bases come from the {@code dockremap} lines of
 * {@code /etc/subuid} and {@code /etc/subgid}, which dockerd writes for {@code --userns-remap=default}.
 */
public record UserNamespace(boolean remapped, long uidBase, long gidBase) {
    public static final UserNamespace NONE = new UserNamespace(false, 0, 0);
    static final String REMAP_USER = "dockremap";

    /** The host uid a container uid maps to. */
    public long hostUid(long containerUid) {
        return remapped ? uidBase + containerUid : containerUid;
    }

    public long hostGid(long containerGid) {
        return remapped ? gidBase + containerGid : containerGid;
    }

    /** From {@code docker info}'s security options ({@code name=userns}) and the subordinate id files. */
    static UserNamespace of(List<String> securityOptions, Path subuid, Path subgid) {
        boolean remapped = securityOptions != null && securityOptions.stream().anyMatch(o -> o.equals("name=userns")
                || o.startsWith("name=userns,"));
        if (!remapped) {
            return NONE;
        }
        return new UserNamespace(true, base(subuid), base(subgid));
    }

    private static long base(Path file) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split(":");
                if (f.length == 3 && f[0].equals(REMAP_USER)) {
                    return Long.parseLong(f[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("the engine remaps user namespaces, but " + file + " cannot be read: "
                    + e.getMessage(), e);
        }
        throw new IllegalStateException("the engine remaps user namespaces, but " + file + " has no line for "
                + REMAP_USER + " (start dockerd with --userns-remap=default)");
    }
}
