package io.gef.services;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Display names and the ids derived from them. The original EUDAT GEF used free text for the service, input and
 * output names ({@code CDO Demo}, {@code Input Directory}); GEF shows that text as it is written and uses an id in
 * URLs, repositories and requests. A name that is already a valid id is its own id, so GEF-style names do not
 * change; anything else is lower-cased, accents dropped, and every run of other characters becomes one separator
 * ({@code CDO Demo} → {@code cdo-demo}, {@code Max Words} parameter → {@code max_words}).
 */
final class Names {
    static final int MAX_DISPLAY = 128;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    /** How ids of one kind look and how they are derived. */
    enum Kind {
        SERVICE(Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}"), "[^a-z0-9._-]+", "-", "[-._]+"),
        FIELD(Pattern.compile("[A-Za-z0-9_-]{1,64}"), "[^a-z0-9_]+", "-", "[-_]+"),
        PARAMETER(Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}"), "[^a-z0-9]+", "_", "_+");

        final Pattern valid;
        private final Pattern other;
        private final String separator;
        private final Pattern edges;

        Kind(Pattern valid, String other, String separator, String edges) {
            this.valid = valid;
            this.other = Pattern.compile(other);
            this.separator = separator;
            this.edges = Pattern.compile("^(" + edges + ")|(" + edges + ")$");
        }
    }

    private Names() {
    }

    /** The id for {@code display}, read from label {@code key}; a 400 naming the label when there can be none. */
    static String id(String key, String display, Kind kind) {
        checkDisplay(key, display);
        if (kind.valid.matcher(display).matches()) {
            return display;
        }
        String plain = MARKS.matcher(Normalizer.normalize(display, Normalizer.Form.NFKD)).replaceAll("");
        String id = kind.other.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(kind.separator);
        id = kind.edges.matcher(id).replaceAll("");
        if (id.length() > 64) {
            id = kind.edges.matcher(id.substring(0, 64)).replaceAll("");
        }
        if (kind == Kind.PARAMETER && !id.isEmpty() && Character.isDigit(id.charAt(0))) {
            id = "_" + id;
        }
        if (id.isEmpty() || !kind.valid.matcher(id).matches()) {
            throw ServiceSpec.invalid(key + " is '" + display + "': no id can be derived from it; use at least"
                    + " one letter or digit");
        }
        return id;
    }

    /** Any printable text of 1 to 128 characters. */
    static void checkDisplay(String key, String display) {
        if (display == null || display.isBlank()) {
            throw ServiceSpec.invalid(key + " is required: a name (any printable text)");
        }
        if (display.length() > MAX_DISPLAY || display.codePoints().anyMatch(Character::isISOControl)
                || !display.equals(display.strip())) {
            throw ServiceSpec.invalid(key + " is '" + display.replaceAll("\\p{Cntrl}", "?") + "': expected at most "
                    + MAX_DISPLAY + " printable characters without control characters or surrounding spaces");
        }
    }
}
