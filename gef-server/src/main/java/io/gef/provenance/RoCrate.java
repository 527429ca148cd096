package io.gef.provenance;

import io.gef.jobs.Job;
import io.gef.jobs.JobInput;
import io.gef.jobs.JobOutput;
import io.gef.jobs.JobState;
import io.gef.jobs.VolumeAccess;
import io.gef.store.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A job as an RO-Crate 1.1 following the Process Run Crate profile: {@code ro-crate-metadata.json} with a
 * CreateAction (instrument = the service with its container image and digest, object = inputs and parameters,
 * result = output files, times, agent, status), the output files under {@code outputs/<name>/<path>}, and the
 * signed provenance envelope. Streamed, never built in memory.
 */
final class RoCrate {
    static final String CONTEXT = "https://w3id.org/ro/crate/1.1/context";
    static final String PROFILE = "https://w3id.org/ro/wfrun/process/0.5";

    private RoCrate() {
    }

    static void write(Job job, VolumeAccess volumes, Dsse.Envelope envelope, OutputStream out) throws IOException {
        List<Object> graph = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        List<String[]> files = new ArrayList<>(); // zip path, volume id, path in volume
        for (JobOutput o : job.outputs()) {
            if (o.volumeId() == null) {
                continue;
            }
            for (VolumeAccess.FileDigest f : volumes.files(o.volumeId())) {
                String id = "outputs/" + o.name() + "/" + f.path();
                files.add(new String[] {id, o.volumeId(), f.path()});
                results.add(Map.of("@id", id));
                graph.add(Map.of("@id", id, "@type", "File", "name", f.path(), "contentSize", f.size(),
                        "sha256", f.sha256()));
            }
        }
        List<Object> objects = new ArrayList<>();
        for (JobInput in : job.inputs()) {
            String id = "#input-" + in.name();
            objects.add(Map.of("@id", id));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("@id", id);
            e.put("@type", "Dataset");
            e.put("name", in.name());
            e.put("additionalType", in.kind());
            e.put("identifier", in.volumeId() != null ? in.volumeId() : in.dataset() != null ? in.dataset() : "");
            e.put("sha256", in.digest() == null ? "" : in.digest());
            graph.add(e);
        }
        job.parameters().forEach((k, v) -> {
            objects.add(Map.of("@id", "#param-" + k));
            graph.add(Map.of("@id", "#param-" + k, "@type", "PropertyValue", "name", k, "value", String.valueOf(v)));
        });
        String image = job.image();
        int at = image.indexOf('@');
        String repo = image.substring(0, at);
        int slash = repo.indexOf('/');
        graph.add(Map.of("@id", "#image", "@type", "ContainerImage",
                "additionalType", Map.of("@id", "https://w3id.org/ro/terms/workflow-run#DockerImage"),
                "registry", repo.substring(0, slash), "name", repo.substring(slash + 1),
                "tag", job.serviceVersion() == null ? "" : job.serviceVersion(),
                "sha256", image.substring(at + 1).replace("sha256:", "")));
        graph.add(Map.of("@id", "#service", "@type", "SoftwareApplication",
                "name", job.serviceName() == null ? job.service() : job.serviceName(),
                "softwareVersion", job.serviceVersion() == null ? "" : job.serviceVersion(),
                "image", Map.of("@id", "#image")));
        graph.add(Map.of("@id", "#agent", "@type", "Person", "identifier", job.owner(), "name", job.owner()));
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("@id", "#action");
        action.put("@type", "CreateAction");
        action.put("name", "GEF job " + job.id() + ": " + job.name());
        action.put("identifier", job.id());
        action.put("instrument", Map.of("@id", "#service"));
        action.put("containerImage", Map.of("@id", "#image"));
        action.put("object", objects);
        action.put("result", results);
        action.put("startTime", String.valueOf(job.startedAt()));
        action.put("endTime", String.valueOf(job.endedAt()));
        action.put("agent", Map.of("@id", "#agent"));
        action.put("actionStatus", Map.of("@id", job.state() == JobState.COMPLETE
                ? "http://schema.org/CompletedActionStatus" : "http://schema.org/FailedActionStatus"));
        graph.add(action);
        List<Object> parts = new ArrayList<>(results);
        parts.add(Map.of("@id", "provenance.dsse.json"));
        graph.add(Map.of("@id", "provenance.dsse.json", "@type", "File", "name", "signed provenance (DSSE)",
                "encodingFormat", "application/json"));
        graph.add(Map.of("@id", PROFILE, "@type", "CreativeWork", "name", "Process Run Crate", "version", "0.5"));
        graph.add(0, Map.of("@id", "./", "@type", "Dataset", "name", "GEF job " + job.id(),
                "datePublished", String.valueOf(job.endedAt()), "conformsTo", Map.of("@id", PROFILE),
                "hasPart", parts, "mentions", Map.of("@id", "#action")));
        graph.add(0, Map.of("@id", "ro-crate-metadata.json", "@type", "CreativeWork",
                "conformsTo", Map.of("@id", "https://w3id.org/ro/crate/1.1"), "about", Map.of("@id", "./")));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("@context", CONTEXT);
        metadata.put("@graph", graph);

        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("ro-crate-metadata.json"));
            zip.write(JsonCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
            zip.closeEntry();
            if (envelope != null) {
                zip.putNextEntry(new ZipEntry("provenance.dsse.json"));
                zip.write(JsonCodec.mapper().writeValueAsBytes(envelope));
                zip.closeEntry();
            }
            for (String[] f : files) {
                zip.putNextEntry(new ZipEntry(f[0]));
                try (InputStream in = volumes.read(f[1], f[2])) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }
}
