package io.gef.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1 of #21: Debian's Prometheus scrapes a real GEF with the metrics token, and a query for completed
 * jobs returns the count of jobs just run.
 */
class PrometheusScrapeIT {
    static final int PROMETHEUS_PORT = Integer.getInteger("gef.test.prometheus.port", 18790);
    static final String TOKEN = "metrics-secret-for-the-test";

    @TempDir
    Path data;
    @TempDir
    Path prometheusDir;

    @Test
    void prometheusScrapesGef_andCountsTheCompletedJobsJustRun() throws Exception {
        // loopback needs the token too here, so the test proves the token works
        try (GefServer server = new GefServer(data, Map.of("gef.metrics.token", TOKEN,
                "gef.metrics.allow-loopback", "false"))) {
            server.publishExample("wordcount");
            Path dir = Files.createDirectories(data.resolve("in"));
            Files.writeString(dir.resolve("input.txt"), "move the tools\nnot the data\n");
            String vol = server.volumeWith(server.admin, dir);
            int jobs = 3;
            for (int i = 0; i < jobs; i++) {
                Api.Response r = server.api.post("/api/jobs", server.admin, Map.of("service", "wordcount",
                        "inputs", Map.of("text", Map.of("volume", vol))));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                assertThat(server.awaitJob(server.admin, r.json().path("id").asText()).path("state").asText())
                        .isEqualTo("COMPLETE");
            }
            assertThat(server.api.get("/metrics", null).status()).as("no token, loopback not allowed").isEqualTo(401);

            try (PrometheusServer prometheus = PrometheusServer.scraping("127.0.0.1:" + server.gef.port(),
                    PROMETHEUS_PORT, prometheusDir, TOKEN)) {
                JsonNode result = awaitResult(prometheus,
                        "sum(gef_jobs{state=\"COMPLETE\",service=\"wordcount\"})");
                System.out.printf("Prometheus: %d wordcount jobs run; sum(gef_jobs{state=COMPLETE}) = %s%n", jobs,
                        result.get(0).path("value").get(1).asText());
                assertThat(result.get(0).path("value").get(1).asText()).as("completed jobs in Prometheus")
                        .isEqualTo(Integer.toString(jobs));
                JsonNode finished = awaitResult(prometheus,
                        "sum(gef_jobs_finished_total{state=\"COMPLETE\"})");
                assertThat(finished.get(0).path("value").get(1).asText()).isEqualTo(Integer.toString(jobs));
                JsonNode runs = awaitResult(prometheus, "sum(gef_job_phase_seconds_count{phase=\"run\"})");
                assertThat(runs.get(0).path("value").get(1).asText()).as("run-time histogram").isEqualTo(
                        Integer.toString(jobs));
                assertThat(awaitResult(prometheus, "sum(gef_queue_length)").get(0).path("value").get(1).asText())
                        .as("nothing left queued").isEqualTo("0");
                assertThat(awaitResult(prometheus, "gef_engine_up").get(0).path("value").get(1).asText())
                        .isEqualTo("1");
                assertThat(awaitResult(prometheus, "sum(gef_http_requests_seconds_count{route=\"/api/jobs\"})"))
                        .as("HTTP requests by route template").isNotEmpty();
                assertThat(awaitResult(prometheus, "hikaricp_connections_max")).as("pool metrics").isNotEmpty();
                assertThat(awaitResult(prometheus, "jvm_memory_used_bytes")).as("JVM metrics").isNotEmpty();
            }
        }
    }

    /** Waits (bounded) for the first scrapes to land; returns a non-empty result or fails with the target state. */
    private static JsonNode awaitResult(PrometheusServer prometheus, String promql) throws Exception {
        for (int i = 0; i < 60; i++) {
            JsonNode r = prometheus.query(promql);
            if (r.isArray() && !r.isEmpty()) {
                return r;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no result for " + promql + "; targets: " + prometheus.targets());
    }
}
