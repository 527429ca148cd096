package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Moving files between this machine and a volume: one PUT per file up, one GET per file down (both streamed). */
final class VolumeTransfer {
    private VolumeTransfer() {
    }

    /**
     * Uploads a file (to {@code remote}, default its own name) or every file under a folder (at its relative path,
     * under {@code remote} when given). Each server answer ({@code path, size, sha256}) goes to {@code done}.
     */
    static int upload(GefClient client, String volume, Path local, String remote, Consumer<JsonNode> done)
            throws IOException {
        if (!Files.exists(local)) {
            throw CliFailure.usage(local + ": no such file or folder");
        }
        String prefix = remote == null ? "" : remote.replaceAll("^/+|/+$", "");
        List<Path> files;
        if (Files.isDirectory(local)) {
            try (Stream<Path> walk = Files.walk(local)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
        } else {
            files = List.of(local);
        }
        for (Path f : files) {
            String rel = f.equals(local) ? (prefix.isEmpty() ? f.getFileName().toString() : prefix)
                    : join(prefix, local.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"));
            done.accept(client.put(client.url("api/volumes/" + volume + "/files/" + rel), f));
        }
        return files.size();
    }

    /** Downloads every file under {@code path} of a volume into {@code target}, keeping relative paths. */
    static List<Path> downloadTree(GefClient client, String volume, String path, Path target) {
        List<Path> written = new ArrayList<>();
        JsonNode tree = client.get(client.url("api/volumes/" + volume + "/tree", "path", path));
        for (JsonNode e : tree) {
            String name = e.path("name").asText();
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
                throw CliFailure.server("bad_tree", "the server listed an unsafe name '" + name + "' in " + volume);
            }
            String child = join(path == null ? "" : path, name);
            if (e.path("type").asText().equals("dir")) {
                written.addAll(downloadTree(client, volume, child, target.resolve(name)));
            } else {
                Path file = target.resolve(name);
                client.download(client.url("api/volumes/" + volume + "/files/" + child), file);
                written.add(file);
            }
        }
        return written;
    }

    static String join(String prefix, String rest) {
        return prefix.isEmpty() ? rest : prefix + "/" + rest;
    }
}
