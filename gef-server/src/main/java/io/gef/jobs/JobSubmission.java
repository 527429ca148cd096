package io.gef.jobs;

import io.gef.auth.Caller;
import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a validated request into a QUEUED job: resolves the service to an image pinned by digest, matches the
 * inputs to the declared ones (each must exist and be the caller's), binds the parameters, fills resources from
 * the service's hints, and asks the policy. Every refusal names the field; nothing is stored before all pass.
 */
final class JobSubmission {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ServiceLookup services;
    private final VolumeAccess volumes;
    private final PolicyCheck policy;
    private final Resources defaults;
    private final UrlFetcher fetcher;
    private final Clock clock;

    JobSubmission(ServiceLookup services, VolumeAccess volumes, PolicyCheck policy, Resources defaults,
                  UrlFetcher fetcher, Clock clock) {
        this.services = services;
        this.volumes = volumes;
        this.policy = policy;
        this.defaults = defaults;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    Job plan(Caller caller, JobRequest req, String replayOf) {
        ServicePlan svc = services.resolve(req.service());
        Map<String, JobRequest.InputRequest> given = inputsById(req.inputs(), svc);
        List<JobInput> inputs = matchInputs(caller, given, svc);
        ServicePlan.Invocation inv = svc.bind().apply(req.parameters());
        Resources res = req.resources().orElse(svc.hints()).orElse(defaults);
        var decision = policy.check(svc.image(), res);
        inputs = stageInlineContent(caller, given, inputs);
        List<JobOutput> outputs = svc.outputs().stream()
                .map(o -> new JobOutput(o.name(), o.path(), null, null, null, null)).toList();
        String id = "job-" + HexFormat.of().formatHex(bytes(12));
        return new Job.Builder().id(id).owner(caller.id()).name(req.name() == null ? svc.name() : req.name())
                .state(JobState.QUEUED).service(req.service()).serviceName(svc.name())
                .serviceVersion(svc.version()).image(svc.image()).createdAt(clock.instant()).inputs(inputs)
                .outputs(outputs).parameters(inv.parameters()).command(inv.command()).env(inv.env())
                .resources(res).tags(req.tags()).policy(decision).replayOf(replayOf).build();
    }

    /**
     * The request that repeats {@code original}: its image by digest, the same inputs, parameters, resources and
     * tags. Every input must still hold what the original read: a volume (also the sealed volume a URL or inline
     * input was staged into) must exist and have the recorded root digest, else 409 naming the input. Datasets
     * are not hashed, so they are taken as they are now.
     */
    JobRequest replayRequest(Caller caller, Job original) {
        Map<String, JobRequest.InputRequest> inputs = new LinkedHashMap<>();
        for (JobInput in : original.inputs()) {
            String f = "inputs." + in.name();
            if (in.kind().equals("dataset")) {
                inputs.put(in.name(), new JobRequest.InputRequest(null, in.dataset(), in.path(), null, null));
                continue;
            }
            if (in.volumeId() == null || !volumes.readable(in.volumeId(), caller.id(), caller.isAdmin())) {
                throw new GefException(ErrorCode.INPUT_CHANGED, f + ": the volume it read is gone");
            }
            VolumeAccess.Sealed now = volumes.seal(in.volumeId());
            String recorded = in.kind().equals("volume") || in.kind().equals("content") ? in.digest() : null;
            if (recorded != null && !recorded.equals(now.rootDigest())) {
                throw new GefException(ErrorCode.INPUT_CHANGED, f + ": volume " + in.volumeId()
                        + " no longer has the recorded digest " + recorded);
            }
            inputs.put(in.name(), new JobRequest.InputRequest(in.volumeId(), null,
                    in.kind().equals("volume") ? in.path() : null, null, null));
        }
        return new JobRequest(original.image(), inputs, original.parameters(), original.resources(),
                "replay of " + original.name(), original.tags());
    }

    /** The request's inputs keyed by input id; a key may be an id or a display name, each input given once. */
    private static Map<String, JobRequest.InputRequest> inputsById(Map<String, JobRequest.InputRequest> inputs,
                                                                   ServicePlan svc) {
        Map<String, JobRequest.InputRequest> given = new LinkedHashMap<>();
        List<String> ids = svc.inputs().stream().map(ServicePlan.DeclaredInput::name).toList();
        inputs.forEach((key, value) -> {
            String id = ids.contains(key) ? key : svc.inputs().stream().filter(d -> d.displayName().equals(key))
                    .map(ServicePlan.DeclaredInput::name).findFirst()
                    .orElseThrow(() -> new GefException(ErrorCode.BAD_FIELD, "inputs." + key + ": service " + svc.name()
                            + " declares no such input (it declares: " + String.join(", ", ids) + ")"));
            if (given.put(id, value) != null) {
                throw new GefException(ErrorCode.BAD_FIELD, "inputs." + key + ": input " + id + " is given twice (by id and"
                        + " by display name)");
            }
        });
        return given;
    }

    private List<JobInput> matchInputs(Caller caller, Map<String, JobRequest.InputRequest> given, ServicePlan svc) {
        Map<String, ServicePlan.DeclaredInput> declared = svc.inputs().stream()
                .collect(Collectors.toMap(ServicePlan.DeclaredInput::name, Function.identity(), (a, b) -> a,
                        LinkedHashMap::new));
        List<JobInput> out = new ArrayList<>();
        for (ServicePlan.DeclaredInput d : declared.values()) {
            JobRequest.InputRequest in = given.get(d.name());
            String f = "inputs." + d.name();
            if (in == null) {
                throw new GefException(ErrorCode.BAD_FIELD, f + " is required by service " + svc.name());
            }
            String filename = d.filename() != null ? d.filename() : d.name();
            switch (in.kind()) {
                case "volume" -> {
                    if (!volumes.readable(in.volume(), caller.id(), caller.isAdmin())) {
                        throw new GefException(ErrorCode.BAD_FIELD, f + ".volume: no volume " + in.volume());
                    }
                    if (volumes.beingWritten(in.volume())) {
                        throw new GefException(ErrorCode.VOLUME_BEING_WRITTEN, f + ".volume: " + in.volume()
                                + " is the output of a job that has not ended; use it once that job ended");
                    }
                    requireInside(f, volumes.contains(in.volume(), in.path()), in.path());
                }
                case "dataset" -> {
                    if (!volumes.datasetReadable(in.dataset(), caller)) {
                        throw new GefException(ErrorCode.BAD_FIELD, f + ".dataset: no dataset " + in.dataset());
                    }
                    requireInside(f, volumes.datasetContains(in.dataset(), in.path()), in.path());
                }
                case "url" -> {
                    try {
                        fetcher.check(in.url()); // refused now stores nothing; checked again when fetched
                    } catch (UrlFetcher.FetchException e) {
                        throw new GefException(ErrorCode.URL_REFUSED, f + ".url: " + e.getMessage());
                    }
                }
                default -> {
                    // inline content is staged below, once every check passed
                }
            }
            // a url input's digest is the sha256 expected of it until it is fetched
            String expected = in.sha256() == null ? null : "sha256:" + in.sha256();
            out.add(new JobInput(d.name(), in.kind(), d.path(), in.volume(), in.dataset(), in.path(), in.url(),
                    in.kind().equals("content") || in.kind().equals("url") ? filename : null, expected, null));
        }
        return out;
    }

    /** Inline text becomes a file in a new sealed volume now, so the job document never carries it. */
    private List<JobInput> stageInlineContent(Caller caller, Map<String, JobRequest.InputRequest> given,
                                              List<JobInput> inputs) {
        List<JobInput> out = new ArrayList<>();
        for (JobInput in : inputs) {
            if (!in.kind().equals("content")) {
                out.add(in);
                continue;
            }
            String vid = volumes.create(caller.id(), "inline input " + in.name());
            volumes.write(vid, in.filename(), new ByteArrayInputStream(
                    given.get(in.name()).content().getBytes(StandardCharsets.UTF_8)));
            VolumeAccess.Sealed sealed = volumes.seal(vid);
            out.add(in.staged(vid, sealed.rootDigest(), sealed.bytes()));
        }
        return out;
    }

    /** The sub-path must exist inside the volume or dataset (the request validation already refused '..'). */
    private static void requireInside(String field, boolean exists, String sub) {
        if (sub != null && !exists) {
            throw new GefException(ErrorCode.BAD_FIELD, field + ".path: " + sub + " does not exist");
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
