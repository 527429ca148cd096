package io.gef.volumes;

/**
 * A volume or dataset operation the caller can be told about. {@link Kind} fixes the HTTP status the server maps
 * it to; {@link #code()} is a stable machine-readable reason; the message names the bad entry or field but never a
 * host path.
 */
public final class VolumeException extends RuntimeException {
    /** What went wrong, with the HTTP status it maps to. */
    public enum Kind {
        BAD_REQUEST(400), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), TOO_LARGE(413);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String code;

    public VolumeException(Kind kind, String code, String message) {
        this(kind, code, message, null);
    }

    public VolumeException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    static VolumeException badPath(String raw, String why) {
        return new VolumeException(Kind.BAD_REQUEST, "bad_path", "path '" + printable(raw) + "' " + why);
    }

    static VolumeException badEntry(String entry, String why) {
        return new VolumeException(Kind.BAD_REQUEST, "bad_archive_entry",
                "archive entry '" + printable(entry) + "' " + why + "; nothing was written");
    }

    static VolumeException notFound(String what) {
        return new VolumeException(Kind.NOT_FOUND, "not_found", what + " not found");
    }

    static VolumeException sealed(String id) {
        return new VolumeException(Kind.CONFLICT, "volume_sealed", "volume " + id + " is sealed and cannot change");
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
