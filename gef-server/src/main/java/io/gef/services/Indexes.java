package io.gef.services;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The indexes N of a numbered group ({@code input.N.*}, {@code output.N.*}, {@code parameter.N.*}). The original
 * EUDAT GEF images count from 1, GEF's own from 0: any run of consecutive indexes starting at 0 or 1 is accepted,
 * and a gap or another start is an error naming the first label out of line, so no label is silently ignored.
 */
final class Indexes {
    private Indexes() {
    }

    static List<Integer> of(Map<String, String> labels, String group) {
        String prefix = ServiceSpec.P + group + ".";
        Pattern key = Pattern.compile(Pattern.quote(prefix) + "(\\d{1,4})\\..+");
        TreeSet<Integer> found = new TreeSet<>();
        labels.keySet().forEach(k -> {
            var m = key.matcher(k);
            if (m.matches()) {
                found.add(Integer.parseInt(m.group(1)));
            }
        });
        if (found.isEmpty()) {
            return List.of();
        }
        int expected = found.first() == 0 ? 0 : 1;
        for (int n : found) {
            if (n != expected) {
                String first = labels.keySet().stream().filter(k -> k.startsWith(prefix + n + ".")).sorted()
                        .findFirst().orElse(prefix + n);
                throw ServiceSpec.invalid(first + ": " + group + " indexes must run without gaps from 0 or from 1"
                        + " (found " + found + ", expected " + group + "." + expected + " next)");
            }
            expected++;
        }
        return List.copyOf(found);
    }
}
