package io.gef.jobs;

import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the API can do with jobs. Every method takes the caller: non-admins see only their own jobs, and another
 * user's job answers 404 exactly like a job that does not exist.
 */
public final class JobService {
    private static final long CANCEL_WAIT_SECONDS = 10;
    /** How long a live stream may be silent before the follower's {@code idle()} is asked (a heartbeat). */
    static final long HEARTBEAT_SECONDS = 15;
    private final JobStore store;
    private final JobRecorder recorder;
    private final JobFeed feed;
    private final LogBook logs;
    private final JobSubmission submission;
    private final JobExecution execution;
    private final JobDispatcher dispatcher;
    private final int maxQueuedPerUser;
    private final StepSubmission steps;

    JobService(JobStore store, JobRecorder recorder, JobFeed feed, LogBook logs, JobSubmission submission,
               JobExecution execution, JobDispatcher dispatcher, int maxQueuedPerUser, StepSubmission steps) {
        this.maxQueuedPerUser = maxQueuedPerUser;
        this.steps = steps;
        this.store = store;
        this.recorder = recorder;
        this.feed = feed;
        this.logs = logs;
        this.submission = submission;
        this.execution = execution;
        this.dispatcher = dispatcher;
    }

    /** Receives a followed job's history, then its live lines and events; return false to stop. */
    public interface Follower {
        boolean onLog(LogLine line);

        boolean onEvent(JobEvent event);

        /** Nothing happened for a while; return false if the client has gone. */
        boolean idle();
    }

    /** Validates, resolves the image to a digest, checks policy, stores the job QUEUED and wakes the dispatcher. */
    public Job submit(Caller caller, JobRequest request) {
        Job job = submission.plan(caller, request.validated(), null);
        return enqueue(caller, job, java.util.Map.of("image", job.image()));
    }

    /** A job of several containers in order ({@link StepsRequest}, a TES task), on the same queue as any job. */
    public Job submitSteps(Caller caller, StepsRequest request) {
        Job job = steps.plan(caller, request);
        return enqueue(caller, job, java.util.Map.of("image", job.image(), "source", request.source()));
    }

    /**
     * A new job repeating a finished one by its image digest (even if the tag moved or the version was
     * deprecated), with the same inputs checked against their recorded digests; the policy is asked again.
     * When it ends, it carries a reproducibility verdict comparing its outputs with the original's.
     */
    public Job replay(Caller caller, String id) {
        Job original = get(caller, id);
        if (!original.state().isTerminal()) {
            throw new GefException(ErrorCode.JOB_NOT_FINISHED, "job " + id
                    + " has not finished; replay it once it has");
        }
        Job job = submission.plan(caller, submission.replayRequest(caller, original).validated(), original.id());
        return enqueue(caller, job, java.util.Map.of("image", job.image(), "replayOf", original.id()));
    }

    /**
     * Like {@link #submit}, but at most once per {@code key}: the job's id is derived from the key, so asking again
     * (say, after a crash between deciding to submit and recording the answer) returns the job already stored
     * instead of running a second one. Pipelines key their steps by pipeline, step and attempt.
     */
    public Job submitOnce(Caller caller, JobRequest request, String key) {
        String id = JobKeys.idFor(key);
        var existing = store.get(id);
        if (existing.isPresent()) {
            return existing.get().shownTo(caller);
        }
        Job job = submission.plan(caller, request.validated(), null).toBuilder().id(id).build();
        return enqueue(caller, job, java.util.Map.of("image", job.image()));
    }

    /** Like {@link #replay}, at most once per {@code key} (see {@link #submitOnce}), with the given tags. */
    public Job replayOnce(Caller caller, String originalId, String key, java.util.Map<String, String> tags) {
        String id = JobKeys.idFor(key);
        var existing = store.get(id);
        if (existing.isPresent()) {
            return existing.get().shownTo(caller);
        }
        Job original = get(caller, originalId);
        if (!original.state().isTerminal()) {
            throw new GefException(ErrorCode.JOB_NOT_FINISHED, "job " + originalId + " has not finished");
        }
        JobRequest r = submission.replayRequest(caller, original);
        r = new JobRequest(r.service(), r.inputs(), r.parameters(), r.resources(), r.name(), tags);
        Job job = submission.plan(caller, r.validated(), original.id()).toBuilder().id(id).build();
        return enqueue(caller, job, java.util.Map.of("image", job.image(), "replayOf", original.id()));
    }

    private Job enqueue(Caller caller, Job job, java.util.Map<String, Object> queued) {
        checkQueueLimit(job.owner());
        recorder.insert(job, new JobRecorder.Event("queued", queued));
        dispatcher.wake();
        return job.shownTo(caller);
    }

    /** A user may have at most {@code maxQueuedPerUser} jobs waiting (0: any number); beyond, a 429. */
    private void checkQueueLimit(String owner) {
        if (maxQueuedPerUser > 0 && store.count(owner, JobState.QUEUED) >= maxQueuedPerUser) {
            throw new GefException(ErrorCode.TOO_MANY_JOBS, "you already have " + maxQueuedPerUser
                    + " jobs queued, the most one user may have (gef.jobs.max-queued-per-user); submit again once"
                    + " some have started");
        }
    }

    public Job get(Caller caller, String id) {
        return store.get(id).filter(j -> caller.canSee(j.owner())).map(j -> j.shownTo(caller))
                .orElseThrow(() -> new GefException(ErrorCode.JOB_NOT_FOUND, "no job " + id));
    }

    public JobPage list(Caller caller, JobQuery q) {
        return shownTo(caller, store.list(q.ownedBy(caller)));
    }

    private static JobPage shownTo(Caller caller, JobPage page) {
        return new JobPage(page.items().stream().map(j -> j.shownTo(caller)).toList(), page.nextCursor());
    }

    /** Receives a followed job list: first a snapshot, then every change of a job the caller may see. */
    public interface ListFollower {
        /** The same page {@link #list} answers; return false to stop. */
        boolean onSnapshot(JobPage page);

        /** The job as just stored (created, moved or updated); return false to stop. */
        boolean onJob(Job job);

        /** Nothing happened for a while; return false if the client has gone. */
        boolean idle();

        /** More changes came than the follower read: it missed some and the stream ends (the client reconnects). */
        void fellBehind();
    }

    /**
     * Streams the caller's job list (an admin's: everyone's): the snapshot {@link #list} gives for {@code q}, then
     * every new version of a job that matches the filters or was already shown (so a client sees a job leave a
     * {@code state} filter), until the follower stops or falls behind. Jobs changed while the snapshot is read may
     * arrive again after it; clients replace jobs by id.
     */
    public void followList(Caller caller, JobQuery q, ListFollower f) throws InterruptedException {
        JobQuery scoped = q.ownedBy(caller);
        JobWatch watch = new JobWatch(scoped.owner(), JobWatch.CAPACITY);
        feed.watch(watch); // before the snapshot, so no change falls between the two
        try {
            JobPage page = shownTo(caller, store.list(scoped));
            Set<String> shown = new HashSet<>();
            page.items().forEach(j -> shown.add(j.id()));
            if (!f.onSnapshot(page)) {
                return;
            }
            while (true) {
                if (watch.overflowed()) {
                    f.fellBehind();
                    return;
                }
                Job job = watch.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                if (job == null) {
                    if (!f.idle()) {
                        return;
                    }
                } else if (scoped.matches(job) || shown.contains(job.id())) {
                    shown.add(job.id());
                    if (!f.onJob(job.shownTo(caller))) {
                        return;
                    }
                }
            }
        } finally {
            feed.unwatch(watch);
        }
    }

    public List<LogLine> logs(Caller caller, String id) {
        get(caller, id);
        return logs.read(id);
    }

    /**
     * Where a queued job stands: how many queued jobs (anyone's) start before it in the dispatcher's fair order;
     * null once it left the queue. Only the count is told, never whose jobs those are.
     */
    public Integer queuePosition(Caller caller, String id) {
        get(caller, id);
        return store.queuePosition(id, dispatcher::lastServed).orElse(null);
    }

    public List<JobEvent> events(Caller caller, String id) {
        get(caller, id);
        return store.events(id);
    }

    /**
     * Cancels a queued or running job and waits (up to 10 s) for it to end: {@link #cancelAsync} for callers
     * that must not hold a thread meanwhile.
     */
    public Job cancel(Caller caller, String id) {
        return cancelAsync(caller, id).join();
    }

    /**
     * Cancels a queued or running job. A queued job is canceled at once; a running one is killed, and the answer
     * completes when it has ended CANCELED (or after {@value #CANCEL_WAIT_SECONDS} s with the job as it is then),
     * without a thread waiting for it. A finished job answers 409.
     */
    public CompletableFuture<Job> cancelAsync(Caller caller, String id) {
        Job job = get(caller, id);
        if (job.state().isTerminal()) {
            throw new GefException(ErrorCode.JOB_FINISHED, "job " + id + " already ended " + job.state());
        }
        if (job.state() == JobState.QUEUED) {
            var canceled = recorder.fail(job, new JobError(JobError.Reason.CANCELED, "canceled while queued"));
            if (canceled.isPresent()) {
                return CompletableFuture.completedFuture(canceled.get().shownTo(caller));
            }
        }
        CompletableFuture<Void> ended = feed.ending(id);
        execution.cancel(id);
        if (isTerminal(id)) {
            ended.complete(null);
        }
        return ended.completeOnTimeout(null, CANCEL_WAIT_SECONDS, TimeUnit.SECONDS)
                .whenComplete((v, e) -> feed.forgetEnding(id, ended))
                .thenApplyAsync(v -> get(caller, id));
    }

    /** Replays stored history, then streams live items until the job ends or the follower stops. */
    public void follow(Caller caller, String id, Follower f) throws InterruptedException {
        get(caller, id);
        new JobFollow(store, feed, logs, id, f).run();
    }

    private boolean isTerminal(String id) {
        return store.get(id).map(j -> j.state().isTerminal()).orElse(true);
    }
}
