package io.gef.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A 1 GiB volume file downloaded through GEF by curl, against Debian's nginx serving the very same file on disk
 * with sendfile (also by curl) and against {@code cat} of it; best of three each, page cache warm for all.
 */
final class DownloadBench {
    private DownloadBench() {
    }

    record Result(double vsNginx, double vsCat) {
    }

    static Result run(BenchClient client, String token, Path work, Path dataDir, int nginxPort) throws IOException {
        Path big = work.resolve("big.bin");
        Shell.sh("head -c 1073741824 /dev/urandom > " + big);
        String vol = client.volumeWith(token, "small.txt", "x".getBytes());
        String url = "http://127.0.0.1:" + client.port() + "/api/volumes/" + vol + "/files/big.bin";
        Shell.run("curl", "-sf", "-H", "Authorization: Bearer " + token, "-T", big.toString(), url, "-o", "/dev/null");
        Files.delete(big);
        Path stored = find(dataDir, 1L << 30);
        Path conf = work.resolve("nginx");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("nginx.conf"), """
                daemon on;
                user root;
                pid %s/nginx.pid;
                error_log %s/error.log;
                worker_processes 1;
                events { worker_connections 64; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    server {
                        listen 127.0.0.1:%d;
                        root %s;
                    }
                }
                """.formatted(conf, conf, nginxPort, stored.getParent()));
        // workers run as root: volume files are readable by the server's user only
        Shell.run("/usr/sbin/nginx", "-p", conf.toString(), "-c", conf.resolve("nginx.conf").toString());
        try {
            String nginxUrl = "http://127.0.0.1:" + nginxPort + "/" + stored.getFileName();
            Shell.sh("cat '" + stored + "' > /dev/null"); // warm the page cache for all three
            double gef = best(List.of("curl", "-sf", "-H", "Authorization: Bearer " + token, "-o", "/dev/null", url));
            double nginx = best(List.of("curl", "-sf", "-o", "/dev/null", nginxUrl));
            double cat = best(List.of("sh", "-c", "cat '" + stored + "' > /dev/null"));
            System.out.printf(Locale.ROOT, "# 1 GiB, best of 3: GEF %.0f ms, nginx (sendfile) %.0f ms, cat %.0f ms%n",
                    gef, nginx, cat);
            return new Result(nginx / gef, cat / gef);
        } finally {
            long pid = Long.parseLong(Files.readString(conf.resolve("nginx.pid")).trim());
            Shell.run("kill", Long.toString(pid));
        }
    }

    private static double best(List<String> cmd) {
        double b = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            b = Math.min(b, Shell.timed(cmd));
        }
        return b;
    }

    /** The stored copy of the uploaded file: the one regular file of exactly {@code size} bytes. */
    private static Path find(Path dir, long size) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toFile().length() == size).findFirst()
                    .orElseThrow(() -> new IllegalStateException("uploaded file not found under " + dir));
        }
    }
}
