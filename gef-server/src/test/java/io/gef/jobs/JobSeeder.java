package io.gef.jobs;

import io.gef.store.JsonCodec;
import io.gef.store.Sql;
import javax.sql.DataSource;

/**
 * Fills a database with many copies of one real job (new ids, given state), for the bookkeeping benchmarks. The
 * template goes in through {@link JobStore}'s own insert (so every table a job touches gets its rows), the copies
 * by {@code INSERT … SELECT} inside the database, in batches, with the id in each document replaced too.
 */
public final class JobSeeder {
    private static final int BATCH = 10_000;

    private JobSeeder() {
    }

    /** Inserts {@code n} copies of {@code jobJson} in state {@code state}. */
    public static void seed(DataSource ds, String jobJson, int n, String state) {
        Job template = JsonCodec.read(jobJson, Job.class).toBuilder().id("job-seed-template")
                .state(JobState.valueOf(state)).build();
        Sql sql = new Sql(ds);
        sql.transaction(c -> {
            JobStore.insert(c, template);
            return null;
        });
        for (int from = 1; from < n; from += BATCH) {
            int to = Math.min(n - 1, from + BATCH - 1);
            sql.update("INSERT INTO jobs(id, owner_id, name, state, service_name, engine, created_at, doc)"
                    + " SELECT 'job-seed-' || r.X, t.owner_id, t.name, t.state, t.service_name, t.engine,"
                    + " t.created_at, REPLACE(t.doc, t.id, 'job-seed-' || r.X)"
                    + " FROM jobs t, SYSTEM_RANGE(?, ?) r WHERE t.id = ? ORDER BY r.X", from, to, template.id());
        }
    }
}
