package io.gef.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pipeline of issue #20's acceptance: split (sh) writes two halves of a text; countA and countB (sh) count the
 * words of one half each, after sleeping so their overlap is visible; merge (sh2) adds the two counts.
 */
public final class Diamond {
    /** 4 words in the first line, 5 in the second: merge writes 9. */
    public static final String TEXT = "the quick brown fox\njumps over the lazy dog\n";

    private Diamond() {
    }

    /**
     * @param sleepSeconds how long each middle step sleeps before counting
     * @param countBScript the script of countB, or null for the normal count
     */
    public static Map<String, Object> request(String name, int sleepSeconds, String countBScript) {
        Map<String, Object> steps = new LinkedHashMap<>();
        steps.put("split", Map.of("service", "sh", "inputs", Map.of("in", Map.of("content", TEXT)),
                "parameters", Map.of("script", "head -n 1 /data/in/input.txt > /data/out/first.txt;"
                        + " tail -n +2 /data/in/input.txt > /data/out/second.txt")));
        steps.put("countA", count("first.txt", sleepSeconds, null));
        steps.put("countB", count("second.txt", sleepSeconds, countBScript));
        steps.put("merge", Map.of("service", "sh2", "inputs", Map.of(
                        "a", Map.of("step", "countA", "output", "out"), "b", Map.of("step", "countB", "output", "out")),
                "parameters", Map.of("script", "echo $(( $(cat /data/a/count.txt) + $(cat /data/b/count.txt) ))"
                        + " > /data/out/total.txt")));
        return Map.of("name", name, "steps", steps);
    }

    private static Map<String, Object> count(String file, int sleepSeconds, String script) {
        return Map.of("service", "sh", "inputs", Map.of("in", Map.of("step", "split", "output", "out")),
                "parameters", Map.of("script", script != null ? script : "sleep " + sleepSeconds + "; wc -w < /data/in/"
                        + file + " | tr -d ' ' > /data/out/count.txt"));
    }
}
