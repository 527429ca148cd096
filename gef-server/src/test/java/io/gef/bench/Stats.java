package io.gef.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics of measured durations (milliseconds). */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> xs) {
        return percentile(xs, 50);
    }

    static double percentile(List<Double> xs, double p) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }

    static double msSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1e6;
    }
}
