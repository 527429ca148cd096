package io.gef.http;

import java.util.Locale;
import java.util.Map;

/**
 * The content type a previewed file is served with. Only raster images keep their own type (a browser never runs
 * script from a PNG); everything else, HTML and SVG included, is plain text, so it shows as its source.
 */
final class PreviewType {
    private static final Map<String, String> IMAGES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp", "bmp", "image/bmp");

    private PreviewType() {
    }

    static String of(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return IMAGES.getOrDefault(dot < 0 ? "" : n.substring(dot + 1), "text/plain; charset=utf-8");
    }
}
