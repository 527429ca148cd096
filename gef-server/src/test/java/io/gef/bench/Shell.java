package io.gef.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the baselines' commands ({@code docker}, {@code curl}, {@code cat}, {@code nginx}) as real processes. */
final class Shell {
    private Shell() {
    }

    /** Runs {@code cmd} to the end; returns its standard output; fails on a non-zero exit. */
    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sh(String script) {
        return run("sh", "-c", script);
    }

    /** Wall time of a command in milliseconds. */
    static double timed(List<String> cmd) {
        long t0 = System.nanoTime();
        run(cmd.toArray(String[]::new));
        return Stats.msSince(t0);
    }

    /**
     * The server's own resident memory in MiB: anonymous and shared-memory pages (/proc RssAnon + RssShmem). File
     * pages are left out but printed: a download maps the file it sends, and those page-cache pages count in VmRSS
     * until the mapping is collected although the kernel reclaims them at will.
     */
    static double rssMib(long pid, String when) {
        long total = 0;
        long anon = 0;
        long file = 0;
        for (String line : sh("cat /proc/" + pid + "/status").split("\n")) {
            long kb = line.matches("^(VmRSS|RssAnon|RssFile|RssShmem):.*")
                    ? Long.parseLong(line.replaceAll("[^0-9]", "")) : 0;
            if (line.startsWith("VmRSS:")) {
                total = kb;
            } else if (line.startsWith("RssFile:")) {
                file = kb;
            } else if (line.startsWith("RssAnon:") || line.startsWith("RssShmem:")) {
                anon += kb;
            }
        }
        System.out.printf(java.util.Locale.ROOT, "# server memory %s: VmRSS %.1f MiB = anonymous %.1f"
                + " + file pages %.1f%n", when, total / 1024.0, anon / 1024.0, file / 1024.0);
        return anon / 1024.0;
    }
}
