package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Pipelines: run one from a YAML (or JSON) file, and look at, cancel or replay them. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, description = "Run and inspect pipelines (DAGs of jobs).",
        subcommands = {PipelineCommands.Run.class, PipelineCommands.Show.class, PipelineCommands.ListPipelines.class,
        PipelineCommands.Cancel.class, PipelineCommands.Replay.class})
final class PipelineCommands implements Runnable {
    private static final Set<String> TERMINAL = Set.of("COMPLETE", "EXECUTOR_ERROR", "SYSTEM_ERROR", "CANCELED");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw ApiCommand.missingSubcommand(spec);
    }

    @Command(name = "run", description = "Submit the pipeline in FILE (YAML or JSON); prints its id, or with"
            + " --follow each step's changes until it ends (exit 4 unless COMPLETE).")
    static final class Run extends ApiCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--follow", description = "Print step changes until the pipeline ends.")
        boolean follow;

        @Override
        Exit run() throws IOException {
            JsonNode doc;
            try {
                doc = YAML.readTree(Files.readAllBytes(file)); // YAML is a superset of JSON
            } catch (IOException e) {
                throw new CliFailure(Exit.USAGE, null, file + ": not a readable YAML or JSON pipeline: "
                        + e.getMessage());
            }
            GefClient client = client();
            JsonNode p = client.post(client.url("api/pipelines"), doc);
            if (!follow) {
                return show(p, x -> out().println(x.path("id").asText()));
            }
            return watch(client, p.path("id").asText(), out());
        }
    }

    @Command(name = "show", description = "A pipeline's state and each step's state, job, times and outputs.")
    static final class Show extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        Exit run() {
            GefClient client = client();
            return show(client.get(client.url("api/pipelines/" + id)), p -> print(p, out()));
        }
    }

    @Command(name = "list", description = "Your pipelines, newest first.")
    static final class ListPipelines extends ApiCommand {
        @Override
        Exit run() {
            GefClient client = client();
            JsonNode r = client.get(client.url("api/pipelines", "limit", "100"));
            return table(r, r.path("items"), List.of("ID", "STATE", "STEPS", "CREATED", "NAME"), p -> List.of(
                    p.path("id").asText(), p.path("state").asText(), Integer.toString(p.path("steps").size()),
                    Text.of(p, "createdAt"), Text.of(p, "name")));
        }
    }

    @Command(name = "cancel", description = "Cancel the steps of a pipeline that have not ended.")
    static final class Cancel extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        Exit run() {
            GefClient client = client();
            return show(client.post(client.url("api/pipelines/" + id + "/cancel"), Map.of()), p -> print(p, out()));
        }
    }

    @Command(name = "replay", description = "Replay every step of a completed pipeline by image digest; with"
            + " --follow, wait and print the verdict per step and overall (exit 4 unless reproducible).")
    static final class Replay extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--follow", description = "Wait for the replay and print its verdict.")
        boolean follow;

        @Override
        Exit run() {
            GefClient client = client();
            JsonNode p = client.post(client.url("api/pipelines/" + id + "/replay"), Map.of());
            if (!follow) {
                return show(p, x -> out().println(x.path("id").asText()));
            }
            Exit e = watch(client, p.path("id").asText(), out());
            JsonNode done = client.get(client.url("api/pipelines/" + p.path("id").asText()));
            String verdict = done.path("verdict").path("overall").asText();
            out().println("verdict: " + verdict + (done.path("verdict").path("differingSteps").isEmpty() ? ""
                    : " (steps " + done.path("verdict").path("differingSteps") + ")"));
            return e == Exit.OK && verdict.equals("reproducible") ? Exit.OK : Exit.JOB_FAILED;
        }
    }

    /** Prints a line per step change from the server's event stream, then the pipeline; exit 4 unless COMPLETE. */
    static Exit watch(GefClient client, String id, PrintStream out) {
        out.println(id);
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        client.events(client.url("api/pipelines/" + id, "follow", "true"), e -> {
            if (e.type().equals("pipeline")) {
                try {
                    for (JsonNode s : Json.MAPPER.readTree(e.data()).path("steps")) {
                        String line = s.path("state").asText() + " " + Text.of(s, "jobState");
                        if (!line.equals(seen.put(s.path("name").asText(), line))) {
                            out.println("  " + s.path("name").asText() + ": " + line + " " + Text.of(s, "jobId"));
                        }
                    }
                } catch (IOException bad) {
                    out.println(e.data());
                }
                out.flush();
            }
            return !e.type().equals("end");
        });
        JsonNode p = client.get(client.url("api/pipelines/" + id));
        while (!TERMINAL.contains(p.path("state").asText())) { // the stream was cut: poll
            try {
                Thread.sleep(1000);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw new CliFailure(Exit.SERVER_ERROR, null, "interrupted while waiting for " + id);
            }
            p = client.get(client.url("api/pipelines/" + id));
        }
        print(p, out);
        return p.path("state").asText().equals("COMPLETE") ? Exit.OK : Exit.JOB_FAILED;
    }

    static void print(JsonNode p, PrintStream out) {
        out.println(p.path("id").asText() + " " + p.path("state").asText() + " " + Text.of(p, "name")
                + (p.hasNonNull("error") ? ": " + p.path("error").asText() : ""));
        for (JsonNode s : p.path("steps")) {
            StringBuilder b = new StringBuilder("  ").append(s.path("name").asText()).append(' ')
                    .append(s.path("state").asText()).append(" job ").append(Text.of(s, "jobId"));
            if (s.hasNonNull("startedAt")) {
                b.append(' ').append(Text.of(s, "startedAt")).append("..").append(Text.of(s, "endedAt"));
            }
            s.path("outputs").properties().forEach(o -> b.append(' ').append(o.getKey()).append('=')
                    .append(o.getValue().asText()));
            if (s.hasNonNull("message")) {
                b.append(" (").append(s.path("message").asText()).append(')');
            }
            out.println(b);
        }
    }
}
