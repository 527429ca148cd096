package io.gef.jobs;

import io.gef.engine.ContainerRunner;
import io.gef.engine.Sandbox;
import io.gef.notices.Notices;
import io.gef.store.Sql;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs capability, assembled: {@link #create} wires it, {@link #start()} reconciles what a previous server
 * process left behind and starts the dispatcher, {@link #close()} stops it.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    /**
     * @param engine       name of the engine jobs run on
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

    private final JobStore store;
    private final JobRecorder recorder;
    private final JobService service;
    private final JobDispatcher dispatcher;
    private final ContainerRunner runner;
    private final VolumeAccess volumes;
    private final Notices notices;

    private Jobs(JobStore store, JobRecorder recorder, JobService service, JobDispatcher dispatcher,
                 ContainerRunner runner, VolumeAccess volumes, Notices notices) {
        this.store = store;
        this.recorder = recorder;
        this.service = service;
        this.dispatcher = dispatcher;
        this.runner = runner;
        this.volumes = volumes;
        this.notices = notices;
    }

    public static Jobs create(DataSource ds, Path jobsDir, Clock clock, Settings settings, ServiceLookup services,
                              VolumeAccess volumes, PolicyCheck policy, ContainerRunner runner, Sandbox sandbox) {
        JobStore store = new JobStore(new Sql(ds));
        JobFeed feed = new JobFeed();
        JobRecorder recorder = new JobRecorder(store, feed, clock);
        LogBook logs = new LogBook(jobsDir, settings.maxLogBytes());
        UrlFetcher fetcher = new UrlFetcher(settings.fetch());
        StageIn stageIn = new StageIn(volumes, fetcher, recorder);
        JobExecution execution = new JobExecution(recorder, logs, stageIn, volumes, runner, sandbox);
        JobDispatcher dispatcher = new JobDispatcher(store, recorder, settings.engine(), settings.concurrency(),
                execution::run);
        JobSubmission submission = new JobSubmission(services, volumes, policy, settings.defaults(), fetcher,
                clock);
        JobService service = new JobService(store, recorder, feed, logs, submission, execution, dispatcher);
        return new Jobs(store, recorder, service, dispatcher, runner, volumes, new Notices(ds, clock));
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
     * The step every job that reached a terminal state goes through (signing its provenance): recorded in the
     * same transaction as the state, run before followers hear {@code finished}, retried until it succeeds (also
     * after a restart). Set once, before {@link #start()}.
     */
    public void onFinished(JobFinishedStep step) {
        recorder.followUps().step(step);
    }

    /** Finished jobs whose follow-up has not succeeded yet. */
    public int pendingFollowUps() {
        return recorder.followUps().pending();
    }

    public Jobs start() {
        reconcile();
        recorder.followUps().start();
        dispatcher.start();
        return this;
    }

    /**
     * Jobs a previous process was setting up or running have nobody watching them: their containers are removed
     * and they end SYSTEM_ERROR (reason SERVER_RESTART) rather than stay "running" forever or run twice.
     * Queued jobs simply stay queued. Containers of this instance whose job has ended are removed too.
     */
    private void reconcile() {
        for (Job j : store.inFlight()) {
            try {
                runner.reap(j.id());
            } catch (RuntimeException e) {
                log.warn("could not remove the container of job {}: {}", j.id(), e.toString());
            }
            for (JobOutput o : j.outputs()) {
                if (o.volumeId() != null) {
                    volumes.seal(o.volumeId());
                }
            }
            recorder.fail(j, new JobError(JobError.Reason.SERVER_RESTART, "GEF restarted while this job was "
                    + j.state() + "; it was stopped and did not finish"));
            log.info("job {} ended SYSTEM_ERROR: the server restarted while it was {}", j.id(), j.state());
        }
        for (String jobId : runner.jobIdsWithContainers()) {
            Optional<Job> job = store.get(jobId);
            if (job.isEmpty()) {
                // nothing on record can own this container: it must not run on unseen
                int n = runner.reap(jobId);
                notices.record("orphan-container-stopped", "stopped and removed " + n + " container(s) labelled"
                        + " with job " + jobId + ", which this server has no record of", Map.of("jobId", jobId,
                        "engine", runner.engineName(), "containers", n));
            } else if (job.get().state().isTerminal()) {
                runner.reap(jobId);
            }
        }
    }

    @Override
    public void close() {
        dispatcher.close();
        recorder.followUps().close();
    }
}
