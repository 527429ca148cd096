package io.gef.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.jobs.VolumeAccess;
import io.gef.pipelines.Pipeline;
import io.gef.pipelines.PipelineState;
import io.gef.pipelines.PipelineStep;
import io.gef.store.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A pipeline as an RO-Crate 1.1 following the Workflow Run Crate profile 0.5: the pipeline document is the main
 * entity (a ComputationalWorkflow), one CreateAction for the whole run (instrument = the workflow) and one per
 * step that ran (instrument = the step's service in its container image, object = what it read, result = its
 * output files under {@code outputs/<step>/<output>/<path>}); the signed statements of the pipeline and each step.
 */
final class WorkflowCrate {
    static final String WORKFLOW_RUN = "https://w3id.org/ro/wfrun/workflow/0.5";
    static final String WORKFLOW_RO_CRATE = "https://w3id.org/workflowhub/workflow-ro-crate/1.0";
    private static final String COMPLETED = "http://schema.org/CompletedActionStatus";
    private static final String FAILED = "http://schema.org/FailedActionStatus";

    private WorkflowCrate() {
    }

    static void write(Pipeline p, Map<String, Dsse.Envelope> stepStatements, JsonNode envelope,
                      VolumeAccess volumes, OutputStream out) throws IOException {
        List<Object> graph = new ArrayList<>();
        List<Object> parts = new ArrayList<>(List.of(ref("pipeline.json")));
        List<Object> actions = new ArrayList<>();
        List<String[]> files = new ArrayList<>(); // zip path, volume id, path in volume
        List<Object> tools = new ArrayList<>();
        List<Object> runResults = new ArrayList<>();
        for (PipelineStep s : p.steps()) {
            String tool = "#tool-" + s.name();
            tools.add(ref(tool));
            graph.add(Map.of("@id", tool, "@type", "SoftwareApplication", "name", s.service()));
            if (s.jobId() == null || s.startedAt() == null) {
                continue; // skipped or canceled before it ran: part of the workflow, not of the run
            }
            List<Object> results = new ArrayList<>();
            for (var o : s.outputs().entrySet()) {
                for (VolumeAccess.FileDigest f : volumes.files(o.getValue())) {
                    String id = "outputs/" + s.name() + "/" + o.getKey() + "/" + f.path();
                    files.add(new String[] {id, o.getValue(), f.path()});
                    results.add(ref(id));
                    parts.add(ref(id));
                    graph.add(Map.of("@id", id, "@type", "File", "name", f.path(), "contentSize", f.size(),
                            "sha256", f.sha256()));
                }
            }
            runResults.addAll(results);
            List<Object> objects = new ArrayList<>();
            s.dependsOn().forEach(d -> objects.add(ref("#step-" + d)));
            String action = "#step-" + s.name();
            actions.add(ref(action));
            var a = new java.util.LinkedHashMap<String, Object>();
            a.put("@id", action);
            a.put("@type", "CreateAction");
            a.put("name", "step " + s.name() + " (GEF job " + s.jobId() + ")");
            a.put("identifier", s.jobId());
            a.put("instrument", ref(tool));
            a.put("object", objects);
            a.put("result", results);
            a.put("startTime", String.valueOf(s.startedAt()));
            a.put("endTime", String.valueOf(s.endedAt()));
            a.put("actionStatus", ref("COMPLETE".equals(s.jobState()) ? COMPLETED : FAILED));
            if (stepStatements.containsKey(s.name())) {
                String f = "provenance/" + s.name() + ".dsse.json";
                a.put("subjectOf", ref(f));
                parts.add(ref(f));
                graph.add(Map.of("@id", f, "@type", "File", "name", "signed provenance of step " + s.name(),
                        "encodingFormat", "application/json"));
            }
            graph.add(a);
        }
        graph.add(Map.of("@id", "pipeline.json", "@type", List.of("File", "SoftwareSourceCode",
                        "ComputationalWorkflow"), "name", p.name(), "encodingFormat", "application/json",
                "programmingLanguage", ref("#gef-pipeline"), "hasPart", tools));
        graph.add(Map.of("@id", "#gef-pipeline", "@type", "ComputerLanguage", "name", "GEF pipeline",
                "url", Map.of("@id", "https://github.com/EUDAT-B2HANDLE/gef/blob/main/docs/pipelines.md")));
        graph.add(Map.of("@id", "#agent", "@type", "Person", "identifier", p.owner(), "name", p.owner()));
        var run = new java.util.LinkedHashMap<String, Object>();
        run.put("@id", "#run");
        run.put("@type", "CreateAction");
        run.put("name", "GEF pipeline " + p.id() + ": " + p.name());
        run.put("identifier", p.id());
        run.put("instrument", ref("pipeline.json"));
        run.put("object", List.of());
        run.put("result", runResults);
        run.put("startTime", String.valueOf(p.createdAt()));
        run.put("endTime", String.valueOf(p.endedAt()));
        run.put("agent", ref("#agent"));
        run.put("actionStatus", ref(p.state() == PipelineState.COMPLETE ? COMPLETED : FAILED));
        if (envelope != null) {
            run.put("subjectOf", ref("provenance/pipeline.dsse.json"));
            parts.add(ref("provenance/pipeline.dsse.json"));
            graph.add(Map.of("@id", "provenance/pipeline.dsse.json", "@type", "File", "name",
                    "signed provenance of the pipeline", "encodingFormat", "application/json"));
        }
        graph.add(run);
        List<Object> mentions = new ArrayList<>(List.of(ref("#run")));
        mentions.addAll(actions);
        graph.add(Map.of("@id", RoCrate.PROFILE, "@type", "CreativeWork", "name", "Process Run Crate",
                "version", "0.5"));
        graph.add(Map.of("@id", WORKFLOW_RUN, "@type", "CreativeWork", "name", "Workflow Run Crate",
                "version", "0.5"));
        graph.add(Map.of("@id", WORKFLOW_RO_CRATE, "@type", "CreativeWork", "name", "Workflow RO-Crate",
                "version", "1.0"));
        graph.add(0, Map.of("@id", "./", "@type", "Dataset", "name", "GEF pipeline " + p.id(),
                "datePublished", String.valueOf(p.endedAt()), "conformsTo", List.of(ref(RoCrate.PROFILE),
                        ref(WORKFLOW_RUN), ref(WORKFLOW_RO_CRATE)), "mainEntity", ref("pipeline.json"),
                "hasPart", parts, "mentions", mentions));
        graph.add(0, Map.of("@id", "ro-crate-metadata.json", "@type", "CreativeWork", "conformsTo",
                List.of(ref("https://w3id.org/ro/crate/1.1"), ref(WORKFLOW_RO_CRATE)), "about", ref("./")));
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "ro-crate-metadata.json", JsonCodec.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(Map.of("@context", RoCrate.CONTEXT, "@graph", graph)));
            entry(zip, "pipeline.json", JsonCodec.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(p.document()));
            if (envelope != null) {
                entry(zip, "provenance/pipeline.dsse.json", JsonCodec.mapper().writeValueAsBytes(envelope));
            }
            for (var e : stepStatements.entrySet()) {
                entry(zip, "provenance/" + e.getKey() + ".dsse.json", JsonCodec.mapper().writeValueAsBytes(e.getValue()));
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

    private static Map<String, Object> ref(String id) {
        return Map.of("@id", id);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
