package io.gef.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes jobs from the durable queue (QUEUED rows in the store) and runs each on an engine chosen by
 * {@link Placement}, at most each engine's capacity at once. Fair: every pass looks at each user's oldest queued
 * job and serves the users least recently served first, so one user's thousand jobs do not starve another's one.
 * A job is claimed by a compare-and-set QUEUED → INITIALIZING, so it runs at most once even if two dispatchers (or
 * a cancel) race for it. Woken on submit; also polls, so a missed wake-up only delays. Engines are health-checked;
 * jobs left in flight by a previous process are resumed on their engine when it answers, or fail after a grace.
 */
final class JobDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobDispatcher.class);
    /** Rounds of one dispatch pass at most (each round: one query, one job per user). */
    private static final int MAX_ROUNDS = 64;
    private final JobStore store;
    private final JobRecorder recorder;
    private final Map<String, EngineLoad> engines = new LinkedHashMap<>();
    private final Placement placement;
    private final Settings settings;
    private final BiConsumer<Job, Runnable> execution;
    private final BiConsumer<Job, Runnable> resume;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    /** Owner → the pass counter when one of their jobs was last claimed: the round-robin order. */
    private final Map<String, Long> lastServed = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Job> toResume = new ArrayList<>();
    private volatile Map<String, Placement.Decision.Wait> waiting = Map.of();
    private long served;
    private Instant resumeDeadline;
    private final List<Thread> health = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread loop;

    /**
     * @param maxRunningPerUser jobs one user may have INITIALIZING or RUNNING at once; 0 = no limit
     * @param healthEvery       between health checks of the engines
     * @param resumeGrace       how long jobs of an unreachable engine wait after a restart before they fail
     */
    record Settings(int maxRunningPerUser, Duration healthEvery, Duration resumeGrace) {
    }

    JobDispatcher(JobStore store, JobRecorder recorder, List<JobEngine> engines, Placement placement,
                  Settings settings, BiConsumer<Job, Runnable> execution, BiConsumer<Job, Runnable> resume,
                  Clock clock) {
        this.store = store;
        this.recorder = recorder;
        engines.forEach(e -> this.engines.put(e.name(), new EngineLoad(e)));
        this.placement = placement;
        this.settings = settings;
        this.execution = execution;
        this.resume = resume;
        this.clock = clock;
    }

    /** Starts dispatching; {@code inFlight} (jobs a previous process left running) are resumed first. */
    void start(List<Job> inFlight) {
        toResume.addAll(inFlight);
        resumeDeadline = clock.instant().plus(settings.resumeGrace());
        engines.values().parallelStream().forEach(this::checkHealth);
        running = true;
        loop = Thread.ofPlatform().name("gef-dispatcher").daemon().start(this::loop);
        // each engine is probed on a thread of its own: a frozen engine (a probe waits up to 5 s) must not hold
        // the dispatch of jobs to the others
        engines.values().forEach(e -> health.add(Thread.ofVirtual().name("gef-health-" + e.name()).start(() -> {
            while (running) {
                try {
                    Thread.sleep(settings.healthEvery().toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
                checkHealth(e);
            }
        })));
    }

    void wake() {
        wake.release();
    }

    /** Queued jobs that waited at the last pass, by id, with the reason. */
    Map<String, Placement.Decision.Wait> waiting() {
        return waiting;
    }

    /** When {@code owner} was last served, as a pass counter (0: never): the turn order of the fair queue. */
    long lastServed(String owner) {
        return lastServed.getOrDefault(owner, 0L);
    }

    /** Each engine's jobs running now (from claim until their container stopped). */
    Map<String, Integer> running() {
        var m = new LinkedHashMap<String, Integer>();
        engines.values().forEach(e -> m.put(e.name(), e.running()));
        return m;
    }

    private void loop() {
        while (running) {
            try {
                wake.tryAcquire(1, TimeUnit.SECONDS);
                wake.drainPermits();
                resumeLeftovers();
                dispatchQueued();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("dispatcher pass failed; retrying", e);
            }
        }
    }

    private void checkHealth(EngineLoad e) {
        boolean now = e.engine().runner().reachable();
        boolean before = e.healthy();
        e.healthy(now);
        if (now != before) {
            log.warn("engine {} is {}", e.name(), now ? "reachable again" : "unreachable");
            wake();
        }
    }

    private void resumeLeftovers() {
        for (var it = toResume.iterator(); it.hasNext(); ) {
            Job job = it.next();
            EngineLoad e = engines.get(job.engine());
            if (e == null) {
                it.remove();
                recorder.fail(job, new JobError(JobError.Reason.SERVER_RESTART, "GEF restarted while this job was "
                        + job.state() + " on engine " + job.engine() + ", which is no longer configured"));
            } else if (e.healthy()) {
                it.remove();
                e.take();
                submit(e, job, resume);
            } else if (clock.instant().isAfter(resumeDeadline)) {
                it.remove();
                recorder.fail(job, new JobError(JobError.Reason.SERVER_RESTART, "GEF restarted while this job was "
                        + job.state() + " and engine " + job.engine() + " did not answer within "
                        + settings.resumeGrace().toSeconds() + " s"));
            }
        }
    }

    /**
     * Rounds over the users' oldest queued jobs until the engines are full or nothing is left to try. A job that
     * must wait is left out of the next round, so that user's next job (perhaps for another engine) gets its turn;
     * a user at their running limit is left out altogether. Bounded, so a long queue of waiting jobs costs a bounded
     * number of queries per pass.
     */
    private void dispatchQueued() {
        var waitingNow = new HashMap<String, Placement.Decision.Wait>();
        Set<String> skipIds = new HashSet<>();
        Set<String> skipOwners = new HashSet<>();
        for (int round = 0; round < MAX_ROUNDS && engines.values().stream().anyMatch(e -> e.healthy() && e.hasRoom());
             round++) {
            List<Job> heads = new ArrayList<>(store.queuedHeads(skipIds, skipOwners));
            if (heads.isEmpty()) {
                break;
            }
            heads.sort(Comparator.comparingLong((Job j) -> lastServed.getOrDefault(j.owner(), 0L))
                    .thenComparing(Job::createdAt));
            for (Job head : heads) {
                if (overUserLimit(head.owner())) {
                    skipOwners.add(head.owner());
                    continue;
                }
                switch (placement.place(head, List.copyOf(engines.values()))) {
                    case Placement.Decision.Never n -> recorder.fail(head, new JobError(JobError.Reason.SYSTEM,
                            n.reason()));
                    case Placement.Decision.Wait w -> {
                        if (!w.equals(waiting.get(head.id()))) {
                            recorder.event(head.id(), "waiting", Map.of("reason", w.reason()));
                        }
                        waitingNow.put(head.id(), w);
                        skipIds.add(head.id());
                    }
                    case Placement.Decision.Run r -> {
                        if (!claim(head, r)) {
                            skipIds.add(head.id());
                        }
                    }
                }
            }
        }
        waiting = Map.copyOf(waitingNow);
    }

    private boolean overUserLimit(String owner) {
        int max = settings.maxRunningPerUser();
        return max > 0 && store.count(owner, JobState.INITIALIZING) + store.count(owner, JobState.RUNNING) >= max;
    }

    private boolean claim(Job job, Placement.Decision.Run run) {
        String engine = run.engine().name();
        var claimed = recorder.claim(job, b -> b.engine(engine),
                new JobRecorder.Event("dequeued", Map.of("engine", engine, "placement", run.why())));
        if (claimed.isEmpty()) {
            run.engine().release(); // canceled or claimed elsewhere in the meantime
            return false;
        }
        lastServed.put(job.owner(), ++served);
        submit(run.engine(), claimed.get(), execution);
        return true;
    }

    /**
     * Runs {@code work} on its own thread; the engine slot is given back when the work says the container stopped
     * (what follows — sealing outputs, the end, signing, removing the stopped container — then overlaps the next
     * job's start), or at the latest when the work returns.
     */
    private void submit(EngineLoad engine, Job job, BiConsumer<Job, Runnable> work) {
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                engine.release();
                wake();
            }
        };
        workers.submit(() -> {
            try {
                work.accept(job, release);
            } finally {
                release.run();
            }
        });
    }

    @Override
    public void close() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        health.forEach(Thread::interrupt);
        workers.shutdownNow();
    }
}
