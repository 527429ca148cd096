package io.gef.pipelines;

import io.gef.auth.Caller;
import io.gef.auth.Role;
import io.gef.jobs.Job;
import io.gef.jobs.JobPage;
import io.gef.jobs.JobQuery;
import io.gef.jobs.JobService;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's one thread: a pass over every running pipeline whenever a pipeline's job changes (heard through
 * the jobs' live list) or every {@value #PASS_MILLIS} ms, then signs ended pipelines that have no statement yet.
 * The first pass after start continues what a previous process left running.
 */
final class PipelineLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PipelineLoop.class);
    static final long PASS_MILLIS = 2000;
    /** Sees every job, to hear about pipeline jobs; used for nothing else. */
    private static final Caller WATCHER = new Caller("system", "pipelines", Set.of(Role.ADMIN));
    private final PipelineStore store;
    private final PipelineRunner runner;
    private final PipelineViews views;
    private final PipelineProvenance provenance;
    private final JobService jobs;
    private final Object signal = new Object();
    private final Object changed = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread passes;
    private Thread watch;

    PipelineLoop(PipelineStore store, PipelineRunner runner, PipelineViews views, PipelineProvenance provenance,
                 JobService jobs) {
        this.store = store;
        this.runner = runner;
        this.views = views;
        this.provenance = provenance;
        this.jobs = jobs;
    }

    void start() {
        running = true;
        passes = Thread.ofPlatform().name("pipelines").daemon().start(this::runPasses);
        watch = Thread.ofPlatform().name("pipelines-watch").daemon().start(this::watchJobs);
    }

    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** A pass over one pipeline at once (cancel answers with the steps it could cancel already moved). */
    void advanceNow(String id) {
        runner.advance(id);
        announce();
    }

    /** Waits until the next pass has run, or {@code millis}. */
    void awaitChange(long millis) throws InterruptedException {
        synchronized (changed) {
            changed.wait(millis);
        }
    }

    private void runPasses() {
        while (running) {
            try {
                for (String id : store.running()) {
                    advance(id);
                }
                for (String id : store.ended(20)) {
                    sign(id);
                }
            } catch (RuntimeException e) {
                log.warn("pipeline pass failed; trying again: {}", e.toString());
            }
            announce();
            synchronized (signal) {
                if (!woken && running) {
                    try {
                        signal.wait(PASS_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    private void advance(String id) {
        try {
            runner.advance(id);
        } catch (RuntimeException e) {
            // one pipeline's trouble (say, a database hiccup) must not hold up the others
            log.warn("pipeline {}: pass failed; trying again: {}", id, e.toString());
        }
    }

    private void sign(String id) {
        try {
            provenance.record(views.of(store.get(id).orElseThrow()));
        } catch (Exception e) {
            log.debug("pipeline {} not signed yet: {}", id, e.toString());
        }
    }

    private void announce() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    private void watchJobs() {
        JobQuery pipelineJobs = new JobQuery(null, null, null, "gef.pipeline", null, null, 1);
        while (running) {
            try {
                jobs.followList(WATCHER, pipelineJobs, new JobService.ListFollower() {
                    @Override
                    public boolean onSnapshot(JobPage page) {
                        return running;
                    }

                    @Override
                    public boolean onJob(Job job) {
                        if (job.tags().containsKey("gef.pipeline")) {
                            wake();
                        }
                        return running;
                    }

                    @Override
                    public boolean idle() {
                        return running;
                    }

                    @Override
                    public void fellBehind() {
                        wake();
                    }
                });
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("watching pipeline jobs failed; the passes every {} ms go on: {}", PASS_MILLIS, e.toString());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(PASS_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (watch != null) {
            watch.interrupt();
        }
        if (passes != null) {
            passes.interrupt();
        }
    }
}
