package io.gef.pipelines;

import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.JobKeys;
import io.gef.jobs.JobService;
import io.gef.jobs.PolicyCheck;
import io.gef.jobs.ServiceLookup;
import io.gef.jobs.VolumeAccess;
import io.gef.store.Sql;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * What the API can do with pipelines. Like jobs, every method takes the caller; another user's pipeline answers
 * 404 like one that does not exist. {@link #start()} starts the runner, which also continues whatever a previous
 * server process left running.
 */
public final class Pipelines implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final PipelineStore store;
    private final PipelinePlanner planner;
    private final PipelineViews views;
    private final PipelineLoop loop;
    private final PipelineProvenance provenance;
    private final Clock clock;

    private Pipelines(PipelineStore store, PipelinePlanner planner, PipelineViews views, PipelineLoop loop,
                      PipelineProvenance provenance, Clock clock) {
        this.store = store;
        this.planner = planner;
        this.views = views;
        this.loop = loop;
        this.provenance = provenance;
        this.clock = clock;
    }

    public static Pipelines create(DataSource ds, JobService jobs, ServiceLookup services, PolicyCheck policy,
                                   VolumeAccess volumes, PipelineProvenance provenance, Clock clock) {
        PipelineStore store = new PipelineStore(new Sql(ds));
        PipelineViews views = new PipelineViews(jobs);
        PipelineLoop loop = new PipelineLoop(store, new PipelineRunner(store, jobs, clock), views, provenance, jobs);
        return new Pipelines(store, new PipelinePlanner(services, policy, volumes), views, loop, provenance, clock);
    }

    public Pipelines start() {
        loop.start();
        return this;
    }

    /** Checks the whole pipeline, stores it and its steps RUNNING/WAITING, and wakes the runner. */
    public Pipeline submit(Caller caller, PipelineRequest request) {
        PipelineRequest r = request.validated();
        Graph g = planner.check(caller, r);
        List<PipelineStore.StepRow> steps = new ArrayList<>();
        for (String name : g.order()) {
            steps.add(new PipelineStore.StepRow(name, steps.size(), StepState.WAITING,
                    List.copyOf(g.dependsOn().get(name)), 0, null, null, null));
        }
        String id = newId();
        store.insert(new PipelineStore.Row(id, caller, r.name(), PipelineState.RUNNING, false, null,
                clock.instant(), null, null, r, steps));
        loop.wake();
        return get(caller, id);
    }

    /**
     * A new pipeline repeating an ended one step by step: each step replays the original step's job by image
     * digest against the inputs it recorded (checked by digest), so all steps may run at once; each ends with the
     * job's reproducibility verdict and the pipeline with {@code reproducible} or the steps that differ.
     */
    public Pipeline replay(Caller caller, String id) {
        PipelineStore.Row original = row(caller, id);
        if (!original.state().isTerminal()) {
            throw new GefException(ErrorCode.PIPELINE_NOT_FINISHED, "pipeline " + id + " is still running");
        }
        List<PipelineStore.StepRow> steps = new ArrayList<>();
        for (PipelineStore.StepRow s : original.steps()) {
            if (s.state() != StepState.COMPLETE) {
                throw new GefException(ErrorCode.PIPELINE_NOT_FINISHED, "step " + s.name() + " of pipeline " + id
                        + " did not complete (" + s.state() + "): only a completed pipeline can be replayed");
            }
        }
        String newId = newId();
        for (PipelineStore.StepRow s : original.steps()) {
            steps.add(new PipelineStore.StepRow(s.name(), s.ord(), StepState.SUBMITTED, s.dependsOn(), 1,
                    JobKeys.idFor(PipelineRunner.key(newId, s.name(), 1)), s.jobId(), null));
        }
        store.insert(new PipelineStore.Row(newId, original.owner(), "replay of " + original.name(),
                PipelineState.RUNNING, false, null, clock.instant(), null, original.id(), original.doc(), steps));
        loop.wake();
        return get(caller, newId);
    }

    public Pipeline get(Caller caller, String id) {
        return views.of(row(caller, id));
    }

    /** The caller's pipelines (an admin's: everyone's), newest first. */
    public List<Pipeline> list(Caller caller, int limit) {
        return store.list(caller.isAdmin() ? null : caller.id(), limit).stream().map(views::of).toList();
    }

    /** Cancels the steps not yet ended: waiting ones at once, running ones through their jobs. */
    public Pipeline cancel(Caller caller, String id) {
        PipelineStore.Row p = row(caller, id);
        if (p.state().isTerminal() || !store.askCancel(id)) {
            throw new GefException(ErrorCode.PIPELINE_FINISHED, "pipeline " + id + " already ended " + p.state());
        }
        loop.advanceNow(id);
        return get(caller, id);
    }

    /** Calls {@code onChange} with the pipeline now and after each change until it ends or the callback says stop. */
    public void follow(Caller caller, String id, Predicate<Pipeline> onChange) throws InterruptedException {
        Pipeline last = null;
        while (true) {
            Pipeline now = get(caller, id);
            if (!Objects.equals(now, last)) {
                if (!onChange.test(now)) {
                    return;
                }
                last = now;
            }
            if (now.state().isTerminal()) {
                return;
            }
            loop.awaitChange(1000);
        }
    }

    /** The pipeline's signed statement (DSSE envelope). */
    public Object envelope(Caller caller, String id) {
        row(caller, id);
        return provenance.envelope(id).orElseThrow(() -> new GefException(ErrorCode.NO_PROVENANCE,
                "pipeline " + id + " has no statement yet (it has not ended, or its steps' statements are pending)"));
    }

    /** Streams the Workflow Run Crate of an ended pipeline. */
    public void crate(Caller caller, String id, OutputStream out) throws IOException {
        Pipeline p = get(caller, id);
        if (!p.state().isTerminal()) {
            throw new GefException(ErrorCode.PIPELINE_NOT_FINISHED, "pipeline " + id + " has not ended yet");
        }
        provenance.crate(p, out);
    }

    private PipelineStore.Row row(Caller caller, String id) {
        return store.get(id).filter(p -> caller.canSee(p.owner().id())).orElseThrow(() -> new GefException(
                ErrorCode.PIPELINE_NOT_FOUND, "no pipeline " + id));
    }

    private static String newId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "pl-" + HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        loop.close();
    }
}
