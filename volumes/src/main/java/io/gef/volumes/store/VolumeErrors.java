package io.gef.volumes.store;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;

/**
 * The volume failures thrown in several places of this package. Messages name the bad entry or field but never a
 * host path, and make control characters visible ({@link #printable}) so a message cannot forge log lines.
 */
final class VolumeErrors {
    private VolumeErrors() {
    }

    static GefException badPath(String raw, String why) {
        return new GefException(ErrorCode.BAD_PATH, "path '" + printable(raw) + "' " + why);
    }

    static GefException badEntry(String entry, String why) {
        return new GefException(ErrorCode.BAD_ARCHIVE_ENTRY,
                "archive entry '" + printable(entry) + "' " + why + "; nothing was written");
    }

    static GefException notFound(String what) {
        return new GefException(ErrorCode.NOT_FOUND, what + " not found");
    }

    static GefException sealed(String id) {
        return new GefException(ErrorCode.VOLUME_SEALED, "volume " + id + " is sealed and cannot change");
    }

    /** Makes control characters visible so an error message cannot forge log lines. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(300).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
