package io.gef.backup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gef-server backup DIR}: asks the running server for a backup ({@code POST /api/admin/backup}, as the admin)
 * and writes it to {@code DIR/gef-backup.tar}. {@code ./gef backup DIR} runs it.
 */
@Command(name = "backup", description = "Back up a running server into DIR/gef-backup.tar.")
public final class BackupCommand implements Callable<Integer> {
    public static final String FILE = "gef-backup.tar";

    @Parameters(index = "0", description = "Folder to write the backup into (created if missing).")
    Path dir;

    @Option(names = "--url", description = "The server (default: http://127.0.0.1:$GEF_HTTP_PORT, port 8080).")
    String url;

    @Option(names = "--token-file", description = "File holding an admin token (default: $GEF_DATA_DIR/admin.token).")
    Path tokenFile;

    @Option(names = "--volumes", description = "Include every volume's file bytes, not only their metadata.")
    boolean volumes;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String base = Optional.ofNullable(url).orElse("http://127.0.0.1:"
                + Optional.ofNullable(System.getenv("GEF_HTTP_PORT")).orElse("8080"));
        Path token = Optional.ofNullable(tokenFile).orElse(defaultDataDir().resolve("admin.token"));
        Path out = fetch(base, Files.readString(token).trim(), volumes, dir);
        System.out.println("backup written: " + out + " (" + Files.size(out) + " bytes)");
        return 0;
    }

    /** The data directory when none is given: {@code $GEF_DATA_DIR}, else {@code var} (as the server). */
    static Path defaultDataDir() {
        return Path.of(Optional.ofNullable(System.getenv("GEF_DATA_DIR")).orElse("var"));
    }

    /** Streams the server's backup to {@code dir/gef-backup.tar} (written aside first, then renamed). */
    public static Path fetch(String baseUrl, String adminToken, boolean volumes, Path dir)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path part = dir.resolve(FILE + ".part");
        HttpResponse<Path> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/admin/backup?volumes=" + volumes))
                        .header("Authorization", "Bearer " + adminToken)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofFile(part));
        if (r.statusCode() != 200) {
            String body = Files.readString(part);
            Files.deleteIfExists(part);
            throw new IOException("the server refused the backup: " + r.statusCode() + " " + body);
        }
        return Files.move(part, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
