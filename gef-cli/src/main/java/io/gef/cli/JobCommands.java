package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Looking at and acting on jobs. */
final class JobCommands {
    private JobCommands() {
    }

    @Command(name = "jobs", description = "Your jobs, newest first.")
    static final class Jobs extends ApiCommand {
        @Option(names = "--state", paramLabel = "S", description = "Only jobs in state S (QUEUED, RUNNING,"
                + " COMPLETE, EXECUTOR_ERROR, …).")
        String state;

        @Override
        Exit run() {
            return listGet("api/jobs", "items", List.of("ID", "STATE", "SERVICE", "CREATED", "NAME"), j -> List.of(
                    j.path("id").asText(), j.path("state").asText(), Text.of(j, "service"), Text.of(j, "createdAt"),
                    Text.of(j, "name")), "state", state, "limit", "100");
        }
    }

    @Command(name = "job", description = "A job's state, times, inputs and outputs.")
    static final class Job extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        Exit run() {
            return showGet("api/jobs/" + id, this::print);
        }

        private void print(JsonNode j) {
            var out = out();
            JobWatch.report(j, out);
            out.println("service:  " + Text.of(j, "service") + "  image: " + Text.of(j, "image"));
            out.println("created:  " + Text.of(j, "createdAt") + "  started: " + Text.of(j, "startedAt")
                    + "  ended: " + Text.of(j, "endedAt"));
            for (JsonNode i : j.path("inputs")) {
                out.println("input:    " + i.path("name").asText() + " " + Text.of(i, "kind") + " "
                        + Text.of(i, "volumeId") + " digest " + Text.of(i, "digest"));
            }
            for (JsonNode o : j.path("outputs")) {
                out.println("output:   " + o.path("name").asText() + " " + Text.of(o, "volumeId") + " "
                        + Text.of(o, "files") + " file(s) digest " + Text.of(o, "rootDigest"));
            }
        }
    }

    @Command(name = "logs", description = "A job's log (stdout and stderr); --follow streams it until the job ends.")
    static final class Logs extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--follow", description = "Keep printing lines as they arrive until the job ends.")
        boolean follow;

        @Override
        Exit run() {
            GefClient client = client();
            if (follow) {
                JobWatch.streamLogs(client, id, out());
            } else if (json) {
                printJson(client.get(client.url("api/jobs/" + id + "/logs")));
            } else {
                out().print(client.text(client.url("api/jobs/" + id + "/logs", "format", "text")));
            }
            return Exit.OK;
        }
    }

    @Command(name = "cancel", description = "Cancel a queued or running job.")
    static final class Cancel extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        Exit run() {
            return showPost("api/jobs/" + id + "/cancel", Map.of(), j -> JobWatch.report(j, out()));
        }
    }

    @Command(name = "replay", description = "Run a job again with the same image digest, inputs and parameters.")
    static final class Replay extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--wait", description = "Wait for the replay to end; exit 4 unless it is COMPLETE.")
        boolean await;

        @Override
        Exit run() {
            GefClient client = client();
            JsonNode j = client.post(client.url("api/jobs/" + id + "/replay"), Map.of());
            return RunCommand.watch(this, client, j, await, false);
        }
    }

    @Command(name = "outputs", description = "Download every output file of a finished job to DIR/<output>/<path>.")
    static final class Outputs extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--download", paramLabel = "DIR", required = true)
        Path dir;

        @Override
        Exit run() {
            GefClient client = client();
            JsonNode j = client.get(client.url("api/jobs/" + id));
            if (!JobWatch.TERMINAL.contains(j.path("state").asText())) {
                throw CliFailure.usage(id + " is " + j.path("state").asText() + ": its outputs are collected when"
                        + " it ends (gef run --wait, or gef logs " + id + " --follow)");
            }
            Path target = env.local(dir.toString());
            int n = 0;
            for (JsonNode o : j.path("outputs")) {
                for (Path f : VolumeTransfer.downloadTree(client, o.path("volumeId").asText(), null,
                        target.resolve(o.path("name").asText()))) {
                    out().println(f);
                    n++;
                }
            }
            env.err().println("downloaded " + n + " file(s) into " + target);
            return Exit.OK;
        }
    }

    @Command(name = "provenance", description = "The job's signed provenance (DSSE envelope; check it offline"
            + " with ./gef verify).")
    static final class Provenance extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write it to FILE instead of stdout.")
        Path output;

        @Override
        Exit run() throws IOException {
            GefClient client = client();
            JsonNode envelope = client.get(client.url("api/jobs/" + id + "/provenance"));
            if (output == null) {
                printJson(envelope);
            } else {
                Path target = env.local(output.toString());
                Files.writeString(target, Json.PRETTY
                        .writeValueAsString(envelope) + "\n");
                env.err().println("wrote " + target);
            }
            return Exit.OK;
        }
    }
}
