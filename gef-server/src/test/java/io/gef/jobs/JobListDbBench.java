package io.gef.jobs;

import io.gef.store.Database;
import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The job list's store part with {@code n} jobs stored (no HTTP): the cases of the API's JobListBench, each read
 * through {@link JobStore#list} and written as JSON as the route does. For finding where the list's time goes.
 *
 * <pre>JobListDbBench [jobs] [repetitions]</pre>
 */
public final class JobListDbBench {
    private JobListDbBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dir = Files.createTempDirectory("gef-list-bench-");
        try (Database db = Database.open(dir).migrate()) {
            JobSeeder.seed(db.dataSource(), ClaimBench.templateJson(), n, "COMPLETE");
            JobStore store = new JobStore(new Sql(db.dataSource()));
            String owner = "user-bench";
            String cursor = null;
            for (int i = 0; i < 50; i++) {
                cursor = store.list(new JobQuery(owner, null, null, null, null, cursor, 50)).nextCursor();
            }
            String deep = cursor;
            List<Object[]> cases = List.of(
                    new Object[] {"owner first page", (Supplier<JobQuery>) () -> new JobQuery(owner, null, null, null,
                            null, null, 50)},
                    new Object[] {"admin first page", (Supplier<JobQuery>) () -> new JobQuery(null, null, null, null,
                            null, null, 50)},
                    new Object[] {"owner deep page", (Supplier<JobQuery>) () -> new JobQuery(owner, null, null, null,
                            null, deep, 50)},
                    new Object[] {"state filter", (Supplier<JobQuery>) () -> new JobQuery(owner, JobState.COMPLETE,
                            null, null, null, null, 50)});
            for (Object[] c : cases) {
                @SuppressWarnings("unchecked")
                Supplier<JobQuery> q = (Supplier<JobQuery>) c[1];
                List<Double> store1 = new ArrayList<>();
                List<Double> json = new ArrayList<>();
                for (int i = 0; i < reps + 10; i++) {
                    long t0 = System.nanoTime();
                    JobPage page = store.list(q.get());
                    long t1 = System.nanoTime();
                    JsonCodec.write(page);
                    long t2 = System.nanoTime();
                    if (i >= 10) {
                        store1.add((t1 - t0) / 1e6);
                        json.add((t2 - t1) / 1e6);
                    }
                }
                store1.sort(null);
                json.sort(null);
                System.out.printf(Locale.ROOT, "# %s: store median %.2f ms, JSON median %.2f ms%n", c[0],
                        store1.get(store1.size() / 2), json.get(json.size() / 2));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
