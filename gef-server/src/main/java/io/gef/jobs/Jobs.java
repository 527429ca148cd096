package io.gef.jobs;

import io.gef.engine.ContainerRunner;
import io.gef.engine.Sandbox;
import io.gef.notices.Notices;
import io.gef.store.Sql;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs capability, assembled: {@link #create} wires it, {@link #start()} reconciles what a previous server
 * process left behind and starts the dispatcher, {@link #close()} stops it and leaves running containers running.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    /**
     * @param engine       name of the engine jobs run on (single-engine {@link #create})
     * @param concurrency  jobs running at once on it
     * @param defaults     resources when neither the request nor the service says
     * @param fetch        what URL inputs may reach, and their size and time limits
     * @param maxLogBytes  cap on one job's stored log
     */
    public record Settings(String engine, int concurrency, Resources defaults, FetchRules fetch, long maxLogBytes) {
        /** Strict fetch rules (https, public addresses only) with a size cap. */
        public Settings(String engine, int concurrency, Resources defaults, long maxUrlBytes, long maxLogBytes) {
            this(engine, concurrency, defaults, FetchRules.strict(maxUrlBytes), maxLogBytes);
        }
    }

    /**
     * @param maxRunningPerUser jobs one user may have set up or running at once (0 = no limit); more wait queued
     * @param maxQueuedPerUser  jobs one user may have queued (0 = no limit); a submission beyond is a 429
     * @param healthEvery       between health checks of the engines
     * @param resumeGrace       how long in-flight jobs of an engine that does not answer after a restart wait
     * @param copyInputs        whether a job may run on an engine that lacks some of its input volumes, which are then
     *                          copied there (inputs on two engines; holders without a free slot for
     *                          {@code copyAfter})
     */
    public record Limits(int maxRunningPerUser, int maxQueuedPerUser, Duration healthEvery, Duration resumeGrace,
                         boolean copyInputs, Duration copyAfter) {
        public static final Limits NONE = new Limits(0, 0, Duration.ofSeconds(10), Duration.ofMinutes(10));

        /** Without copying inputs: a job waits for the engine that holds them. */
        public Limits(int maxRunningPerUser, int maxQueuedPerUser, Duration healthEvery, Duration resumeGrace) {
            this(maxRunningPerUser, maxQueuedPerUser, healthEvery, resumeGrace, false, Duration.ZERO);
        }
    }

    private final JobStore store;
    private final JobRecorder recorder;
    private final JobService service;
    private final JobDispatcher dispatcher;
    private final JobExecution execution;
    private final List<JobEngine> engines;
    private final Notices notices;

    private Jobs(JobStore store, JobRecorder recorder, JobService service, JobDispatcher dispatcher,
                 JobExecution execution, List<JobEngine> engines, Notices notices) {
        this.store = store;
        this.recorder = recorder;
        this.service = service;
        this.dispatcher = dispatcher;
        this.execution = execution;
        this.engines = engines;
        this.notices = notices;
    }

    /** Jobs on one engine, {@code settings.concurrency()} at once, without per-user limits. */
    public static Jobs create(DataSource ds, Path jobsDir, Clock clock, Settings settings, ServiceLookup services,
                              VolumeAccess volumes, PolicyCheck policy, ContainerRunner runner, Sandbox sandbox) {
        return create(ds, jobsDir, clock, settings, Limits.NONE, services, volumes, policy,
                List.of(new JobEngine(runner, settings.concurrency(), true)), sandbox);
    }

    /** Jobs placed on several engines ({@code settings.engine()} and {@code concurrency()} are not used). */
    public static Jobs create(DataSource ds, Path jobsDir, Clock clock, Settings settings, Limits limits,
                              ServiceLookup services, VolumeAccess volumes, PolicyCheck policy,
                              List<JobEngine> engines, Sandbox sandbox) {
        JobStore store = new JobStore(new Sql(ds));
        JobFeed feed = new JobFeed();
        JobRecorder recorder = new JobRecorder(store, feed, clock);
        LogBook logs = new LogBook(jobsDir, settings.maxLogBytes());
        UrlFetcher fetcher = new UrlFetcher(settings.fetch());
        StageIn stageIn = new StageIn(volumes, fetcher, recorder);
        var runners = new LinkedHashMap<String, ContainerRunner>();
        engines.forEach(e -> {
            runners.put(e.name(), e.runner());
            e.runner().keepStoppedContainers(); // removed by the execution once the job's end is on record
        });
        JobExecution execution = new JobExecution(recorder, logs, stageIn, volumes, runners, sandbox);
        JobDispatcher dispatcher = new JobDispatcher(store, recorder, engines, new Placement(volumes,
                        new Placement.Rules(limits.copyInputs(), limits.copyAfter()), clock),
                new JobDispatcher.Settings(limits.maxRunningPerUser(), limits.healthEvery(), limits.resumeGrace()),
                execution::run, execution::resume, clock);
        JobSubmission submission = new JobSubmission(services, volumes, policy, settings.defaults(), fetcher,
                clock);
        JobService service = new JobService(store, recorder, feed, logs, submission, execution, dispatcher,
                limits.maxQueuedPerUser(), new StepSubmission(volumes, policy, settings.defaults(), fetcher, clock));
        return new Jobs(store, recorder, service, dispatcher, execution, List.copyOf(engines), new Notices(ds, clock));
    }

    public JobService service() {
        return service;
    }

    /**
     * Whether a queued or running job reads or writes a volume (it must not be deleted then), answered from the job
     * table alone: the volumes service is given it before the jobs capability, which needs volumes, exists.
     */
    public static Predicate<String> volumesInUse(DataSource ds) {
        return new JobStore(new Sql(ds))::volumeInUse;
    }

    /** Whether a job that has not ended writes a volume as its output, answered from the job table alone. */
    public static Predicate<String> volumesBeingWritten(DataSource ds) {
        return new JobStore(new Sql(ds))::volumeBeingWritten;
    }

    /**
     * The step every job that reached a terminal state goes through (signing its provenance): prepared before the
     * state is stored and written in its transaction, so before followers hear {@code finished}; when that fails,
     * retried until it succeeds (also after a restart). Set once, before {@link #start()}.
     */
    public void onFinished(JobFinishedStep step) {
        recorder.followUps().step(step);
    }

    /** Who copies step jobs' outputs where their source asked ({@link OutputDelivery}); set before {@link #start()}. */
    public void deliverOutputsWith(OutputDelivery delivery) {
        execution.deliverOutputsWith(delivery);
    }

    /** Finished jobs whose follow-up has not succeeded yet. */
    public int pendingFollowUps() {
        return recorder.followUps().pending();
    }

    public Jobs start() {
        List<Job> inFlight = store.inFlight();
        removeLeftovers();
        recorder.followUps().start();
        dispatcher.start(inFlight);
        return this;
    }

    /** Each engine's jobs running now, and queued jobs that wait, by engine, with their reasons. */
    public Map<String, Integer> running() {
        return dispatcher.running();
    }

    /** Jobs queued now on the whole server (one count query). */
    public int queued() {
        return store.countQueued();
    }

    /** Queued jobs that could not be placed at the dispatcher's last pass: job id → why, on which engines. */
    public Map<String, String> waiting() {
        var m = new TreeMap<String, String>();
        dispatcher.waiting().forEach((id, w) -> m.put(id, w.reason()));
        return m;
    }

    /**
     * How many queued jobs wait for each engine: for every user whose next job waits, all that user's queued jobs
     * (the queue looks at each user's oldest job only). A job that could run on two engines counts for both.
     */
    public Map<String, Integer> waitingByEngine() {
        var m = new TreeMap<String, Integer>();
        dispatcher.waiting().forEach((id, w) -> store.get(id).ifPresent(job -> {
            int queued = store.count(job.owner(), JobState.QUEUED);
            w.engines().forEach(e -> m.merge(e, queued, Integer::sum));
        }));
        return m;
    }

    /**
     * Jobs a previous process was setting up or running keep their containers: the dispatcher re-attaches them
     * ({@link JobExecution#resume}). What goes is what nobody can own: containers labelled with a job this server
     * has no record of (reported as a notice) and containers of jobs that already ended. An engine that does not
     * answer is skipped here; its jobs wait for it in the dispatcher.
     */
    private void removeLeftovers() {
        for (JobEngine engine : engines) {
            ContainerRunner runner = engine.runner();
            List<String> withContainers;
            try {
                withContainers = runner.jobIdsWithContainers();
            } catch (RuntimeException e) {
                log.warn("engine {} does not answer; its leftovers are checked at the next start: {}",
                        engine.name(), e.toString());
                continue;
            }
            for (String jobId : withContainers) {
                Optional<Job> job = store.get(jobId);
                if (job.isEmpty()) {
                    // nothing on record can own this container: it must not run on unseen
                    int n = runner.reap(jobId);
                    notices.record("orphan-container-stopped", "stopped and removed " + n + " container(s)"
                            + " labelled with job " + jobId + ", which this server has no record of",
                            Map.of("jobId", jobId, "engine", runner.engineName(), "containers", n));
                } else if (job.get().state().isTerminal()) {
                    runner.reap(jobId);
                }
            }
        }
    }

    @Override
    public void close() {
        execution.shutDown(); // running containers stay; the next start re-attaches them
        dispatcher.close();
        recorder.followUps().close();
    }
}
