package io.gef.pipelines;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The steps' dependencies: which steps each one reads from, in a topological order; refuses cycles. */
record Graph(Map<String, Set<String>> dependsOn, List<String> order) {

    static Graph of(PipelineRequest r) {
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        r.steps().forEach((name, step) -> {
            Set<String> d = new LinkedHashSet<>();
            step.inputsOrEmpty().values().stream().filter(i -> i != null && i.fromStep())
                    .forEach(i -> d.add(i.step()));
            deps.put(name, d);
        });
        List<String> order = new ArrayList<>();
        Map<String, Integer> mark = new LinkedHashMap<>(); // 1 visiting, 2 done
        for (String s : deps.keySet()) {
            visit(s, deps, mark, order, new ArrayList<>());
        }
        return new Graph(deps, List.copyOf(order));
    }

    private static void visit(String s, Map<String, Set<String>> deps, Map<String, Integer> mark,
                              List<String> order, List<String> path) {
        Integer m = mark.get(s);
        if (m != null && m == 2) {
            return;
        }
        path.add(s);
        if (m != null) {
            List<String> cycle = path.subList(path.indexOf(s), path.size());
            throw new GefException(ErrorCode.BAD_FIELD, "steps." + s + ": the steps form a cycle: "
                    + String.join(" -> ", cycle));
        }
        mark.put(s, 1);
        for (String d : deps.get(s)) {
            visit(d, deps, mark, order, path);
        }
        mark.put(s, 2);
        path.remove(path.size() - 1);
        order.add(s);
    }
}
