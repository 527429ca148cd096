package io.gef.bench;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.engine.ContainerRunner;
import io.gef.engine.DockerEngine;
import io.gef.engine.RunnerSettings;
import io.gef.engine.Sandbox;
import io.gef.jobs.DirVolumes;
import io.gef.jobs.Job;
import io.gef.jobs.JobEvent;
import io.gef.jobs.JobRequest;
import io.gef.jobs.JobService;
import io.gef.jobs.JobState;
import io.gef.jobs.Jobs;
import io.gef.jobs.LogLine;
import io.gef.jobs.Resources;
import io.gef.jobs.ServicePlan;
import io.gef.store.Database;
import io.gef.store.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trivial job ({@code true}) through GEF's whole jobs path: validation, submission with a stored QUEUED job,
 * the durable queue, the hardened run, events and logs in H2, waiting for COMPLETE through the live feed.
 */
final class GefTrivialJob implements Measurement {
    private static final Caller USER = new Caller("bench", "bench", Set.of(Role.USER));
    private final Database db;
    private final Jobs jobs;

    GefTrivialJob(DockerEngine engine, String image, String registry) throws Exception {
        Path work = Files.createTempDirectory("gef-bench-jobs-");
        db = Database.open(work.resolve("db")).migrate();
        var runner = new ContainerRunner(engine, RunnerSettings.of("gef-bench", registry), Clock.systemUTC());
        var plan = new ServicePlan(image, "true", "1", List.of(), List.of(), Resources.NONE,
                p -> new ServicePlan.Invocation(Map.of(), List.of("true"), Map.of()));
        jobs = Jobs.create(db.dataSource(), work.resolve("jobs"), Clock.systemUTC(),
                new Jobs.Settings("local", 2, new Resources(1.0, 512, 60), 1 << 20, 1 << 20), ref -> plan,
                new DirVolumes(Files.createDirectories(work.resolve("volumes"))),
                (i, r) -> JsonCodec.tree(Map.of("allowed", true)), runner, Sandbox.defaults()).start();
    }

    @Override
    public String name() {
        return "gef-job";
    }

    @Override
    public void once() throws Exception {
        JobService s = jobs.service();
        Job j = s.submit(USER, new JobRequest("true", Map.of(), Map.of(), null, null, null));
        s.follow(USER, j.id(), new JobService.Follower() {
            @Override
            public boolean onLog(LogLine line) {
                return true;
            }

            @Override
            public boolean onEvent(JobEvent event) {
                return true;
            }

            @Override
            public boolean idle() {
                return true;
            }
        });
        Job done = s.get(USER, j.id());
        if (done.state() != JobState.COMPLETE) {
            throw new IllegalStateException("job ended " + done.state() + ": " + done.error());
        }
    }

    @Override
    public void close() {
        jobs.close();
        db.close();
    }
}
