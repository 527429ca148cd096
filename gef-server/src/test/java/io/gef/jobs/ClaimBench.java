package io.gef.jobs;

import io.gef.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * Claiming the next job with {@code queued} jobs waiting, done as {@link JobDispatcher} does it (oldest queued
 * row, then the compare-and-set QUEUED → INITIALIZING with its {@code dequeued} event, durable), on a database of
 * its own so no engine runs the claimed jobs. Returns milliseconds per claim.
 */
public final class ClaimBench {
    private ClaimBench() {
    }

    public static double msPerClaim(String jobJson, int queued, int claims) throws Exception {
        Path dir = Files.createTempDirectory("gef-claim-bench-");
        try (Database db = Database.open(dir).migrate()) {
            JobSeeder.seed(db.dataSource(), jobJson, queued, "QUEUED");
            JobStore store = new JobStore(new io.gef.store.Sql(db.dataSource()));
            JobRecorder recorder = new JobRecorder(store, new JobFeed(), Clock.systemUTC());
            for (int i = 0; i < 20; i++) {
                claimOne(store, recorder); // warm-up
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < claims; i++) {
                claimOne(store, recorder);
            }
            double ms = (System.nanoTime() - t0) / 1e6 / claims;
            System.out.printf(Locale.ROOT, "# claim: %d claims with %d queued, %.3f ms each%n", claims, queued, ms);
            return ms;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void claimOne(JobStore store, JobRecorder recorder) {
        Job job = store.queued(1).getFirst();
        recorder.move(job, JobState.INITIALIZING, b -> b.engine("local"),
                new JobRecorder.Event("dequeued", Map.of("engine", "local")))
                .orElseThrow(() -> new IllegalStateException("claim lost: " + job.id()));
    }
}
