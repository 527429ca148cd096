package io.gef.tes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.Job;
import io.gef.jobs.JobService;
import io.gef.jobs.JobStep;
import io.gef.jobs.StepsRequest;
import io.gef.jobs.VolumeAccess;
import io.gef.registry.RegistryClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The TES v1.1 task service over native jobs. A created task is a job of {@link JobStep}s submitted through
 * {@link JobService#submitSteps} (so the queue, placement, policy, sandbox, owners and provenance are the native
 * ones) with service name {@code tes}; any job the caller may see can be read as a task, and the task's id is the
 * job's id. Permission rules are the jobs': another user's task answers 404 like one that does not exist.
 */
public final class Tes {
    static final String SOURCE = "tes";
    private static final ObjectMapper JSON = io.gef.store.JsonCodec.mapper();
    private final JobService jobs;
    private final TesImages images;
    private final TesFiles files;
    private final TesLogs logs;
    private final VolumeAccess volumes;
    private final TesListing listing;

    /** @param allowedDirs host folders {@code file://} inputs may name (mounted read-only where they are) */
    public Tes(JobService jobs, VolumeAccess volumes, RegistryClient registry, List<Path> allowedDirs) {
        this.jobs = jobs;
        this.volumes = volumes;
        this.images = new TesImages(registry);
        this.files = new TesFiles(allowedDirs);
        this.logs = new TesLogs(volumes);
        this.listing = new TesListing(jobs, this::view);
    }

    /** What copies {@code file://} outputs before a task is COMPLETE ({@code Jobs.deliverOutputsWith}). */
    public io.gef.jobs.OutputDelivery delivery() {
        return new TesDelivery(files);
    }

    /** {@code POST /tasks}: validates, pins the images, asks the policy and queues the task. */
    public TesTask.Created create(Caller caller, TesTask task) {
        if (task == null) {
            throw new GefException(ErrorCode.BAD_JSON, "the body must be a tesTask object");
        }
        List<JobStep> steps = TesRequest.steps(task, images);
        var resources = TesRequest.resources(task.resources());
        var tags = TesRequest.tags(task.tags());
        List<StepsRequest.Input> inputs = files.inputs(task);
        List<String> dirs = TesFiles.writableDirs(task, steps, files);
        if (task.name() != null && task.name().length() > 200) {
            throw TesRequest.bad("name is longer than 200 characters");
        }
        TesTask stored = new TesTask(null, null, task.name(), task.description(), task.inputs() == null ? null
                : task.inputs().stream().map(TesTask.Input::withoutContent).toList(), task.outputs(),
                task.resources(), task.executors(), task.volumes(), task.tags(), null, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = JSON.convertValue(stored, Map.class);
        Job job = jobs.submitSteps(caller, new StepsRequest(SOURCE, task.name() == null ? "" : task.name(), tags,
                resources, steps, inputs, dirs, Map.of(SOURCE, doc)));
        return new TesTask.Created(job.id());
    }

    /**
     * {@code GET /service-info}: the GA4GH service-info with TES's {@code storage} (the URL forms inputs and
     * outputs take) and {@code tesResources_backend_parameters}; {@code gef_resources_enforced} says which
     * tesResources fields the engine enforces.
     */
    public Map<String, Object> serviceInfo() {
        var info = new java.util.LinkedHashMap<String, Object>();
        info.put("id", "io.gef.tes");
        info.put("name", "GEF Task Execution Service");
        info.put("type", Map.of("group", "org.ga4gh", "artifact", "tes", "version", "1.1.0"));
        info.put("description", "GA4GH TES v1.1 served by GEF: each task is a GEF job (same queue, policy,"
                + " sandbox and signed provenance)");
        info.put("organization", Map.of("name", "EUDAT GEF", "url", "https://www.eudat.eu"));
        info.put("version", "0.1.0");
        info.put("storage", List.of("gef://volumes/", "gef://datasets/", "file:///", "https://", "http://"));
        info.put("tesResources_backend_parameters", TesRequest.BACKEND_PARAMETERS);
        info.put("gef_resources_enforced", Map.of("cpu_cores", true, "ram_gb", true, "disk_gb", false,
                "preemptible", false, "zones", false));
        return info;
    }

    /** {@code GET /tasks/{id}}. */
    public TesTask get(Caller caller, String id, TesView view) {
        return view(caller, jobs.get(caller, id), view);
    }

    /** {@code GET /tasks}. */
    public TesTask.Page list(Caller caller, TesQuery q, TesView view) {
        return listing.list(caller, q, view);
    }

    /**
     * {@code POST /tasks/{id}:cancel}: a queued task ends CANCELED at once, a running one is stopped (the answer
     * does not wait for it); a task that already ended stays as it is.
     */
    public void cancel(Caller caller, String id) {
        try {
            jobs.cancelAsync(caller, id);
        } catch (GefException e) {
            if (e.code() != ErrorCode.JOB_FINISHED) {
                throw e;
            }
        }
    }

    TesTask view(Caller caller, Job job, TesView view) {
        if (view == TesView.MINIMAL) {
            return TesTask.minimal(job.id(), job.state().name());
        }
        TesTask asked = asSubmitted(job);
        List<TesTask.Output> outputs = asked.outputs() == null ? List.of() : asked.outputs();
        TesTask full = new TesTask(job.id(), job.state().name(), asked.name(), asked.description(),
                view == TesView.FULL ? withContent(job, asked.inputs()) : asked.inputs(), asked.outputs(),
                asked.resources(), asked.executors(), asked.volumes(), asked.tags(),
                logs.of(job, jobs.events(caller, job.id()), outputs), job.createdAt().toString());
        return view.shape(full);
    }

    /** The task as submitted, or what a service job would have been as a task (one executor: its container). */
    static TesTask asSubmitted(Job job) {
        Object doc = job.parameters().get(SOURCE);
        if (SOURCE.equals(job.serviceName()) && doc != null) {
            return JSON.convertValue(doc, TesTask.class);
        }
        var exec = new TesTask.Executor(job.image(), job.command(), null, null, null, null, job.env(), null);
        var res = new TesTask.Resources(job.resources().cpus() == null ? null
                : (int) Math.ceil(job.resources().cpus()), null, job.resources().memoryMb() == null ? null
                : job.resources().memoryMb() / 1024.0, null, null, null, null);
        return new TesTask(null, null, job.name(), null, null, null, res, List.of(exec), null, job.tags(), null,
                null);
    }

    /** FULL shows inline content again: it was staged into a sealed volume, read back from there. */
    private List<TesTask.Input> withContent(Job job, List<TesTask.Input> inputs) {
        if (inputs == null) {
            return null;
        }
        return java.util.stream.IntStream.range(0, inputs.size()).mapToObj(i -> {
            TesTask.Input in = inputs.get(i);
            var staged = job.inputs().stream().filter(j -> j.name().equals("input-" + i)
                    && j.kind().equals("content") && j.volumeId() != null).findFirst();
            if (staged.isEmpty()) {
                return in;
            }
            try (var body = volumes.read(staged.get().volumeId(), staged.get().filename())) {
                return new TesTask.Input(in.name(), in.description(), in.url(), in.path(), in.type(),
                        new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), in.streamable());
            } catch (java.io.IOException e) {
                return in;
            }
        }).toList();
    }
}
