package io.gef.bench;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The job list with 100,000 jobs stored: the first page for the owner and for an admin, a page deep in the list
 * (keyset cursor), a state filter, and one job's detail. Returns the worst of the medians.
 */
final class JobListBench {
    private JobListBench() {
    }

    static double worstMedianMs(BenchClient client, String user, int n) {
        String deepCursor = cursorAfter(client, user, 50);
        Map<String, Supplier<String>> cases = Map.of(
                "owner first page", () -> "/api/jobs",
                "admin first page", () -> "/api/jobs#admin",
                "owner deep page", () -> "/api/jobs?cursor=" + deepCursor,
                "state filter", () -> "/api/jobs?state=COMPLETE");
        double worst = 0;
        for (var e : new java.util.TreeMap<>(cases).entrySet()) {
            String path = e.getValue().get();
            boolean admin = path.endsWith("#admin");
            String p = admin ? path.substring(0, path.length() - 6) : path;
            String token = admin ? client.admin() : user;
            ApiBench.times(5, () -> BenchClient.require(client.api().get(p, token), 200));
            double m = Stats.median(ApiBench.times(n, () -> BenchClient.require(client.api().get(p, token), 200)));
            System.out.printf(Locale.ROOT, "# job list, %s: median %.2f ms%n", e.getKey(), m);
            worst = Math.max(worst, m);
        }
        String id = client.api().get("/api/jobs", user).json().path("items").get(0).path("id").asText();
        double detail = Stats.median(ApiBench.times(n,
                () -> BenchClient.require(client.api().get("/api/jobs/" + id, user), 200)));
        System.out.printf(Locale.ROOT, "# job detail: median %.2f ms%n", detail);
        return worst;
    }

    /** The cursor of the list page {@code pages} pages down. */
    private static String cursorAfter(BenchClient client, String user, int pages) {
        String cursor = null;
        for (int i = 0; i < pages; i++) {
            var page = client.api().get("/api/jobs" + (cursor == null ? "" : "?cursor=" + cursor), user).json();
            cursor = page.path("nextCursor").asText(null);
            if (cursor == null) {
                break;
            }
        }
        return cursor;
    }
}
