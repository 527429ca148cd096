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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link StepsRequest} into a QUEUED job: every image is asked of the policy, inputs are checked (the
 * caller's volumes, readable datasets, URLs by the outbound rules), inline content is staged into sealed volumes,
 * and each output folder becomes an output. Nothing is stored before all checks passed (content volumes aside).
 */
final class StepSubmission {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final VolumeAccess volumes;
    private final PolicyCheck policy;
    private final Resources defaults;
    private final UrlFetcher fetcher;
    private final Clock clock;

    StepSubmission(VolumeAccess volumes, PolicyCheck policy, Resources defaults, UrlFetcher fetcher, Clock clock) {
        this.volumes = volumes;
        this.policy = policy;
        this.defaults = defaults;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    Job plan(Caller caller, StepsRequest req) {
        if (req.steps() == null || req.steps().isEmpty()) {
            throw new GefException(ErrorCode.BAD_FIELD, "executors: at least one is required");
        }
        Resources res = (req.resources() == null ? Resources.NONE : req.resources().validated()).orElse(defaults);
        com.fasterxml.jackson.databind.JsonNode decision = null;
        for (String image : new LinkedHashSet<>(req.steps().stream().map(JobStep::image).toList())) {
            var d = policy.check(image, res); // 403 naming the failed rules
            decision = decision == null ? d : decision;
        }
        List<JobInput> inputs = new ArrayList<>();
        for (StepsRequest.Input in : req.inputs()) {
            inputs.add(check(caller, in));
        }
        inputs = inputs.stream().map(in -> in.kind().equals("content") ? stage(caller, in, req) : in).toList();
        List<JobOutput> outputs = req.outputDirs().stream()
                .map(dir -> new JobOutput(dir, dir, null, null, null, null)).toList();
        JobStep first = req.steps().getFirst();
        String id = "job-" + HexFormat.of().formatHex(bytes());
        return new Job.Builder().id(id).owner(caller.id()).name(req.name()).state(JobState.QUEUED)
                .service(req.source()).serviceName(req.source()).image(first.image()).createdAt(clock.instant())
                .inputs(inputs).outputs(outputs).command(first.command()).env(first.env()).resources(res)
                .tags(req.tags() == null ? Map.of() : req.tags()).policy(decision).steps(req.steps())
                .parameters(req.parameters() == null ? Map.of() : req.parameters()).build();
    }

    private JobInput check(Caller caller, StepsRequest.Input in) {
        String f = "inputs " + in.name();
        String filename = in.file() ? fileName(in.containerPath()) : null;
        if (in.content() != null) {
            return new JobInput(in.name(), "content", in.containerPath(), null, null, filename, null,
                    filename == null ? "content" : filename, null, null);
        }
        if (in.url() != null) {
            try {
                fetcher.check(in.url());
            } catch (UrlFetcher.FetchException e) {
                throw new GefException(ErrorCode.URL_REFUSED, f + ": " + e.getMessage());
            }
            String name = filename == null ? "download" : filename;
            return new JobInput(in.name(), "url", in.containerPath(), null, null, in.file() ? name : null, in.url(),
                    name, null, null);
        }
        if (in.hostPath() != null) {
            return new JobInput(in.name(), "file", in.containerPath(), null, null, in.hostPath(), in.hostPath(),
                    null, null, null);
        }
        if (in.volume() != null) {
            if (!volumes.readable(in.volume(), caller.id(), caller.isAdmin())
                    || !volumes.contains(in.volume(), in.path())) {
                throw new GefException(ErrorCode.BAD_FIELD, f + ": no volume " + in.volume()
                        + (in.path() == null ? "" : " with " + in.path()));
            }
            if (volumes.beingWritten(in.volume())) {
                throw new GefException(ErrorCode.VOLUME_BEING_WRITTEN, f + ": volume " + in.volume()
                        + " is the output of a job that has not ended");
            }
            return new JobInput(in.name(), "volume", in.containerPath(), in.volume(), null, in.path(), null, null,
                    null, null);
        }
        if (in.dataset() == null || !volumes.datasetReadable(in.dataset(), caller)
                || !volumes.datasetContains(in.dataset(), in.path())) {
            throw new GefException(ErrorCode.BAD_FIELD, f + ": no dataset " + in.dataset()
                    + (in.path() == null ? "" : " with " + in.path()));
        }
        return new JobInput(in.name(), "dataset", in.containerPath(), null, in.dataset(), in.path(), null, null,
                null, null);
    }

    /** Inline text becomes a file in a new sealed volume now, so the job document never carries it. */
    private JobInput stage(Caller caller, JobInput in, StepsRequest req) {
        String text = req.inputs().stream().filter(i -> i.name().equals(in.name())).findFirst().orElseThrow()
                .content();
        String vid = volumes.create(caller.id(), "inline input " + in.name());
        volumes.write(vid, in.filename(), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        VolumeAccess.Sealed sealed = volumes.seal(vid);
        return in.staged(vid, sealed.rootDigest(), sealed.bytes());
    }

    private static String fileName(String containerPath) {
        return containerPath.substring(containerPath.lastIndexOf('/') + 1);
    }

    private static byte[] bytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }
}
