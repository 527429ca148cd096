package io.gef.volumes.store;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.util.Locale;

/** Formats a folder can be downloaded as. */
public enum ArchiveFormat {
    ZIP("zip", "application/zip"), TAR_GZ("tar.gz", "application/gzip");

    private final String wire;
    private final String contentType;

    ArchiveFormat(String wire, String contentType) {
        this.wire = wire;
        this.contentType = contentType;
    }

    public String wire() {
        return wire;
    }

    public String contentType() {
        return contentType;
    }

    /** "zip" or "tar.gz" (default zip when null); anything else is a 400-kind error. */
    public static ArchiveFormat parse(String s) {
        if (s == null || s.isBlank()) {
            return ZIP;
        }
        for (ArchiveFormat f : values()) {
            if (f.wire.equals(s.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new GefException(ErrorCode.BAD_FORMAT,
                "format must be zip or tar.gz, got '" + VolumeErrors.printable(s) + "'");
    }
}
