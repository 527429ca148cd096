package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for the human-readable output. */
final class Text {
    private Text() {
    }

    /** The text values of a JSON array, comma-separated. */
    static String join(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return String.join(",", out);
    }

    /** A field's text, or "-" when it is missing or null. */
    static String of(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() || v.asText().isEmpty() ? "-" : v.asText();
    }

    /** A named thing of the API: its id, followed by its display name in quotes when that differs. */
    static String named(JsonNode node) {
        String id = node.path("name").asText();
        String display = node.path("displayName").asText(id);
        return display.isEmpty() || display.equals(id) ? id : id + " \"" + display + "\"";
    }

    /** Left-aligned columns, each as wide as its widest cell. */
    static String table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                b.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + width[i] + "s  ", row.get(i)));
            }
            b.append('\n');
        }
        return b.toString().stripTrailing();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
        return String.format("%.1f %siB", n / (double) (1L << (unit * 10)), "KMGTPE".charAt(unit - 1));
    }
}
