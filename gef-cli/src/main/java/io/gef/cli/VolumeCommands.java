package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Managed volumes: list, create, upload, browse, download. */
@Command(name = "volumes", mixinStandardHelpOptions = true, description = "Manage your volumes.",
        subcommands = {VolumeCommands.ListVolumes.class,
        VolumeCommands.Create.class, VolumeCommands.Upload.class, VolumeCommands.Ls.class,
        VolumeCommands.Download.class})
final class VolumeCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw ApiCommand.missingSubcommand(spec);
    }

    @Command(name = "list", description = "Your volumes, newest first.")
    static final class ListVolumes extends ApiCommand {
        @Override
        Exit run() {
            return listGet("api/volumes", "items", List.of("ID", "STATE", "FILES", "SIZE", "NAME"), v -> List.of(
                    v.path("id").asText(), v.path("state").asText(), v.path("fileCount").asText(),
                    Text.bytes(v.path("totalBytes").asLong()), Text.of(v, "name")), "limit", "500");
        }
    }

    @Command(name = "create", description = "Create an empty volume; prints its id alone on stdout.")
    static final class Create extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        Exit run() {
            return showPost("api/volumes", Map.of("name", name), v -> out().println(v.path("id").asText()));
        }
    }

    @Command(name = "upload", description = "Upload a file (to REMOTE_PATH, default its name) or every file of a"
            + " folder (at its relative path, under REMOTE_PATH when given).")
    static final class Upload extends ApiCommand {
        @Parameters(index = "0", paramLabel = "VOL")
        String volume;

        @Parameters(index = "1", paramLabel = "LOCAL")
        Path local;

        @Parameters(index = "2", paramLabel = "REMOTE_PATH", arity = "0..1")
        String remote;

        @Override
        Exit run() throws IOException {
            GefClient client = client();
            int n = VolumeTransfer.upload(client, volume, env.local(local.toString()), remote, f -> {
                if (json) {
                    printJson(f);
                } else {
                    out().println(f.path("path").asText() + "  " + Text.bytes(f.path("size").asLong()) + "  "
                            + f.path("sha256").asText());
                }
            });
            env.err().println("uploaded " + n + " file(s) to " + volume);
            return Exit.OK;
        }
    }

    @Command(name = "ls", description = "List a folder of a volume.")
    static final class Ls extends ApiCommand {
        @Parameters(index = "0", paramLabel = "VOL")
        String volume;

        @Parameters(index = "1", paramLabel = "PATH", arity = "0..1")
        String path;

        @Override
        Exit run() {
            return listGet("api/volumes/" + volume + "/tree", "", List.of("TYPE", "SIZE", "SHA256", "NAME"), e -> {
                boolean dir = e.path("type").asText().equals("dir");
                return List.of(dir ? "dir" : "file", dir ? "-" : Text.bytes(e.path("size").asLong()),
                        Text.of(e, "sha256"), e.path("name").asText() + (dir ? "/" : ""));
            }, "path", path);
        }
    }

    @Command(name = "download", description = "Download a file, or a folder as a zip archive.")
    static final class Download extends ApiCommand {
        @Parameters(index = "0", paramLabel = "VOL")
        String volume;

        @Parameters(index = "1", paramLabel = "PATH", description = "A file, or a folder ('.' for the whole volume).")
        String path;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write (default: the"
                + " file's name, or VOL[-folder].zip, in the current directory).")
        Path output;

        @Override
        Exit run() {
            GefClient client = client();
            String p = path.replaceAll("^/+|/+$", "");
            boolean folder = p.isEmpty() || p.equals(".") || isFolder(client, p);
            String remote = p.equals(".") ? "" : p;
            String name = folder ? volume + (remote.isEmpty() ? "" : "-" + remote.replace('/', '-')) + ".zip"
                    : Path.of(remote).getFileName().toString();
            Path target = env.local(output != null ? output.toString() : name);
            long bytes = folder
                    ? client.download(client.url("api/volumes/" + volume + "/archive", "format", "zip",
                            "path", remote.isEmpty() ? null : remote), target)
                    : client.download(client.url("api/volumes/" + volume + "/files/" + remote), target);
            env.err().println("wrote " + target + " (" + Text.bytes(bytes) + ")");
            return Exit.OK;
        }

        /** True for a folder; a file answers not_a_folder, anything else (404) is the user's error. */
        private boolean isFolder(GefClient client, String p) {
            try {
                client.get(client.url("api/volumes/" + volume + "/tree", "path", p));
                return true;
            } catch (CliFailure f) {
                if ("not_a_folder".equals(f.code)) {
                    return false;
                }
                throw f;
            }
        }
    }
}
