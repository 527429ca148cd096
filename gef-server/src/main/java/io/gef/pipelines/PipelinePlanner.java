package io.gef.pipelines;

import io.gef.auth.Caller;
import io.gef.errors.GefException;
import io.gef.jobs.JobRequest;
import io.gef.jobs.PolicyCheck;
import io.gef.jobs.Resources;
import io.gef.jobs.ServiceLookup;
import io.gef.jobs.ServicePlan;
import io.gef.jobs.VolumeAccess;
import io.gef.errors.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a whole pipeline before anything runs: each step's service exists, the inputs it is given are the ones
 * it declares (all required ones present), a step input names an output the producing step's service declares and
 * fits the input's type, parameters bind, volumes and datasets are the caller's to read, and the policy allows
 * each image. Every refusal is a 4xx naming the step and field.
 */
final class PipelinePlanner {
    private final ServiceLookup services;
    private final PolicyCheck policy;
    private final VolumeAccess volumes;

    PipelinePlanner(ServiceLookup services, PolicyCheck policy, VolumeAccess volumes) {
        this.services = services;
        this.policy = policy;
        this.volumes = volumes;
    }

    /** The graph of the request, once every step passed. */
    Graph check(Caller caller, PipelineRequest r) {
        Graph g = Graph.of(r);
        Map<String, ServicePlan> plans = new LinkedHashMap<>();
        for (String name : g.order()) {
            PipelineRequest.Step step = r.steps().get(name);
            String f = "steps." + name;
            ServicePlan svc = named(f + ".service", () -> services.resolve(step.service()));
            plans.put(name, svc);
            checkInputs(caller, f, step, svc, plans);
            named(f + ".parameters", () -> svc.bind().apply(step.parameters() == null ? Map.of()
                    : step.parameters()));
            Resources res = step.resources() == null ? Resources.NONE : named(f + ".resources",
                    step.resources()::validated);
            named(f, () -> policy.check(svc.image(), res.orElse(svc.hints())));
        }
        return g;
    }

    private void checkInputs(Caller caller, String f, PipelineRequest.Step step, ServicePlan svc,
                             Map<String, ServicePlan> plans) {
        Map<String, ServicePlan.DeclaredInput> given = new LinkedHashMap<>();
        step.inputsOrEmpty().forEach((key, in) -> {
            ServicePlan.DeclaredInput d = declared(svc, key).orElseThrow(() -> new GefException(ErrorCode.BAD_FIELD,
                    f + ".inputs." + key + ": service " + svc.name() + " declares no such input (it declares: "
                            + String.join(", ", svc.inputs().stream().map(ServicePlan.DeclaredInput::name).toList())
                            + ")"));
            if (given.put(d.name(), d) != null) {
                throw new GefException(ErrorCode.BAD_FIELD, f + ".inputs." + key + ": input " + d.name()
                        + " is given twice");
            }
            String fi = f + ".inputs." + key;
            if (in.fromStep()) {
                ServicePlan producer = plans.get(in.step());
                if (producer.outputs().stream().noneMatch(o -> o.name().equals(in.output()))) {
                    throw new GefException(ErrorCode.BAD_FIELD, fi + ".output: step " + in.step() + " (service "
                            + producer.name() + ") has no output '" + in.output() + "'");
                }
                boolean directory = d.type() == null || d.type().equals("directory");
                if (!directory && !(d.type().equals("file") && in.path() != null)) {
                    throw new GefException(ErrorCode.BAD_FIELD, fi + ": input " + d.name() + " is of type "
                            + d.type() + " but a step output is a directory" + (d.type().equals("file")
                            ? " (name a file in it with path)" : ""));
                }
            } else {
                checkDirect(caller, fi, in);
            }
        });
        for (ServicePlan.DeclaredInput d : svc.inputs()) {
            if (!given.containsKey(d.name())) {
                throw new GefException(ErrorCode.BAD_FIELD, f + ".inputs." + d.name() + " is required by service "
                        + svc.name());
            }
        }
    }

    /** A volume, dataset, url or inline input, checked as the jobs capability will check it. */
    private void checkDirect(Caller caller, String fi, PipelineRequest.Input in) {
        var one = new JobRequest.InputRequest(in.volume(), in.dataset(), in.path(), in.url(), in.content());
        named(fi, () -> new JobRequest("x", Map.of("in", one), Map.of(), null, null, null).validated());
        if (in.volume() != null && !volumes.readable(in.volume(), caller.id(), caller.isAdmin())) {
            throw new GefException(ErrorCode.BAD_FIELD, fi + ".volume: no volume " + in.volume());
        }
        if (in.dataset() != null && !volumes.datasetReadable(in.dataset(), caller)) {
            throw new GefException(ErrorCode.BAD_FIELD, fi + ".dataset: no dataset " + in.dataset());
        }
    }

    private static Optional<ServicePlan.DeclaredInput> declared(ServicePlan svc, String key) {
        List<ServicePlan.DeclaredInput> ins = svc.inputs();
        return ins.stream().filter(d -> d.name().equals(key)).findFirst()
                .or(() -> ins.stream().filter(d -> d.displayName().equals(key)).findFirst());
    }

    /** Runs a check and puts {@code field} in front of its message, keeping the code (a 403 stays a 403). */
    private static <T> T named(String field, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (GefException e) {
            String msg = e.getMessage().replaceFirst("^inputs\\.in", "");
            throw new GefException(e.code(), field + ": " + msg, e, e.details());
        }
    }
}
