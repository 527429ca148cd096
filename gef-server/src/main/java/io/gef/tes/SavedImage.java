package io.gef.tes;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The entries of a {@code docker save} tar (POSIX ustar, as docker writes it), read into memory: the images GEF
 * mirrors are small tools, and the request body is already capped by {@code gef.http.max-body-bytes}.
 */
final class SavedImage {
    private SavedImage() {
    }

    /** Regular files of the tar by name ({@code manifest.json}, configs, layers). */
    static Map<String, byte[]> read(InputStream tar) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        byte[] header = new byte[512];
        String longName = null;
        while (tar.readNBytes(header, 0, 512) == 512) {
            if (header[0] == 0) {
                break; // two zero blocks end the archive
            }
            String name = longName != null ? longName : text(header, 0, 100);
            longName = null;
            String prefix = text(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(),
                    8);
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                throw new GefException(ErrorCode.BAD_REQUEST, "the tar has an entry too large to mirror: " + name);
            }
            byte[] body = tar.readNBytes((int) size);
            if (body.length != size) {
                throw new GefException(ErrorCode.BAD_REQUEST, "the tar ends inside " + name);
            }
            tar.skipNBytes((512 - size % 512) % 512);
            char type = (char) header[156];
            if (type == 'L') {
                longName = new String(body, StandardCharsets.UTF_8).replace("\0", "");
            } else if (type == '0' || type == '\0') {
                files.put(name.startsWith("./") ? name.substring(2) : name, body);
            }
        }
        return files;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }
}
