package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submits a job; optionally waits for it or follows its log. */
@Command(name = "run", description = {"Run a service.",
        "Without --wait or --follow the job's id is printed alone on stdout."})
final class RunCommand extends ApiCommand {
    @Parameters(paramLabel = "SERVICE", description = "name, name:version, or registry/repo@sha256:…")
    String service;

    @Option(names = "--input", paramLabel = "NAME=SPEC", description = {"One per input. SPEC: vol:ID[/sub/path],"
            + " dataset:NAME[/path], url:URL, text:LITERAL, or @LOCAL_FILE_OR_DIR (uploaded into a new volume)."})
    List<String> inputs = new ArrayList<>();

    @Option(names = "--param", paramLabel = "K=V", description = "One per parameter; numbers and booleans are"
            + " sent as such when the service declares them int, float or bool.")
    List<String> params = new ArrayList<>();

    @Option(names = "--name", description = "A name for the job.")
    String name;

    @Option(names = "--wait", description = "Wait for the job to end; exit 4 unless it is COMPLETE.")
    boolean await;

    @Option(names = "--follow", description = "Print its log lines as they arrive, then its final state (implies"
            + " --wait).")
    boolean follow;

    @Override
    Exit run() throws IOException {
        // parse everything before sending anything: a typo must not leave an uploaded volume behind
        List<InputSpec.Named> named = inputs.stream().map(InputSpec::parse).toList();
        List<ParamSpec> ps = params.stream().map(ParamSpec::parse).toList();
        for (InputSpec.Named n : named) {
            if (n.spec() instanceof InputSpec.Local l && !java.nio.file.Files.exists(env.local(l.path().toString()))) {
                throw CliFailure.usage("--input " + n.name() + ": " + l.path() + ": no such file or folder");
            }
        }
        GefClient client = client();
        Map<String, String> types = declaredTypes(client);
        Map<String, Object> parameters = new LinkedHashMap<>();
        ps.forEach(p -> parameters.put(p.name(), p.value(types.get(p.name()))));
        Map<String, Object> in = new LinkedHashMap<>();
        for (InputSpec.Named n : named) {
            in.put(n.name(), (n.spec() instanceof InputSpec.Local l ? uploaded(client, n.name(), l) : n.spec())
                    .request());
        }
        Map<String, Object> body = new LinkedHashMap<>(Map.of("service", service, "inputs", in,
                "parameters", parameters));
        if (name != null) {
            body.put("name", name);
        }
        JsonNode job = client.post(client.url("api/jobs"), body);
        return watch(this, client, job, await, follow);
    }

    /** Shared with {@code replay}: print the new job's id, or wait/follow it and report how it ended. */
    static Exit watch(ApiCommand cmd, GefClient client, JsonNode job, boolean await, boolean follow) {
        String id = job.path("id").asText();
        if (!await && !follow) {
            if (cmd.json) {
                cmd.printJson(job);
            } else {
                cmd.out().println(id);
            }
            return Exit.OK;
        }
        cmd.env.err().println("submitted " + id + " (" + job.path("image").asText() + ")");
        JsonNode end = follow ? JobWatch.follow(client, id, cmd.out()) : JobWatch.await(client, id);
        if (cmd.json) {
            cmd.printJson(end);
            return end.path("state").asText().equals("COMPLETE") ? Exit.OK : Exit.JOB_FAILED;
        }
        return JobWatch.report(end, cmd.out());
    }

    private InputSpec uploaded(GefClient client, String input, InputSpec.Local l) throws IOException {
        Path local = env.local(l.path().toString());
        String vol = client.post(client.url("api/volumes"), Map.of("name", "input " + input + ": "
                + local.getFileName())).path("id").asText();
        int n = VolumeTransfer.upload(client, vol, local, null, f -> { });
        env.err().println("uploaded " + n + " file(s) from " + l.path() + " into " + vol);
        return new InputSpec.Volume(vol, null);
    }

    /**
     * The declared type of each parameter of the service, from the catalog; empty for an image reference or
     * a service the catalog does not know (the submission then names what is wrong).
     */
    private Map<String, String> declaredTypes(GefClient client) {
        if (service.contains("/") || service.contains("@")) {
            return Map.of();
        }
        int colon = service.indexOf(':');
        try {
            JsonNode spec = colon < 0
                    ? client.get(client.url("api/services/" + service)).path("versions").path(0).path("spec")
                    : client.get(client.url("api/services/" + service.substring(0, colon) + "/versions/"
                            + service.substring(colon + 1))).path("spec");
            Map<String, String> types = new HashMap<>();
            spec.path("parameters").forEach(p -> types.put(p.path("name").asText(), p.path("type").asText()));
            return types;
        } catch (CliFailure f) {
            if (f.exit == Exit.SERVER_ERROR && f.code != null) {
                return Map.of();
            }
            throw f;
        }
    }
}
