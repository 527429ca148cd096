package io.gef.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 23 in real headless Chromium on a server that runs one job at a time: a queued job's page shows its place
 * in the dispatcher's fair order (users take turns, so another user's later job can be next), a running job's page
 * shows the time elapsed, ticking; the engines page charts each engine's load over the last hour. Screenshots of the
 * queued and running job pages and of the engines page, at 1280 and 400 px, light and dark.
 */
class GuiQueueAndEnginesIT {
    @TempDir
    static Path data;
    static GefServer server;
    static String ann;
    static String ben;

    @BeforeAll
    static void start() throws Exception {
        server = new GefServer(data, Map.of("gef.jobs.concurrency", "1"));
        server.publishExample("sh");
        ann = server.newUser("ann");
        ben = server.newUser("ben");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void queuedJobsShowTheirFairPosition_aRunningJobItsElapsedTime_andTheEnginesPageChartsTheLoad() throws Exception {
        String running = sleeper(ann, "ann holds the engine", 300);
        awaitState(ann, running, "RUNNING");
        String annSecond = sleeper(ann, "ann's second", 1);
        String annThird = sleeper(ann, "ann's third", 1);
        String benFirst = sleeper(ben, "ben's first", 1); // submitted last, yet ben has not had a turn yet
        String base = "http://127.0.0.1:" + server.gef.port();
        try (Browser b = Browser.start()) {
            b.signIn(base, ann);
            b.open(base + "/#/jobs/" + annSecond);
            b.waitFor("#job-state", "QUEUED");
            assertThat(b.waitFor("#queue-position", "position").getText()).as("behind ben's turn")
                    .isEqualTo("position 2");
            assertThat(b.waitFor("#job-clock").getText()).contains("1 job ahead");
            shoot(b, "job-queued", "#queue-position");
            b.open(base + "/#/jobs/" + annThird);
            assertThat(b.waitFor("#queue-position", "position").getText()).as("after ann's second and ben's first")
                    .isEqualTo("position 3");

            b.open(base + "/#/jobs/" + running);
            b.waitFor("#job-state", "RUNNING");
            String first = b.waitFor("#job-elapsed").getText();
            new WebDriverWait(b.driver(), Duration.ofSeconds(10))
                    .until(d -> !d.findElement(By.id("job-elapsed")).getText().equals(first));
            assertThat(b.waitFor("#job-clock").getText()).as("the clock ticks while it runs")
                    .matches("Elapsed [0-9.]+ (ms|s|min) since it was submitted, running for [0-9.]+ (ms|s|min)");
            shoot(b, "job-running", "#job-elapsed");
        }
        try (Browser b = Browser.start()) {
            b.signIn(base, ben);
            b.open(base + "/#/jobs/" + benFirst);
            b.waitFor("#job-state", "QUEUED");
            assertThat(b.waitFor("#queue-position", "position").getText()).as("ben's only job is next, though newest")
                    .isEqualTo("position 1");
            assertThat(b.waitFor("#job-clock").getText()).contains("next to run");
        }
        try (Browser b = Browser.start()) {
            b.signIn(base, server.admin);
            b.driver().findElement(By.linkText("Engines")).click();
            // sampled every 5 s: one running and three queued at once must show within a sample or two
            new WebDriverWait(b.driver(), Duration.ofSeconds(30)).until(d -> {
                d.navigate().refresh();
                return b.waitFor("figure.load[data-series='queue'] svg").getDomAttribute("aria-label")
                        .contains("at most 3 queued at once");
            });
            assertThat(b.waitFor("figure.load[data-series='local'] svg").getDomAttribute("aria-label"))
                    .isEqualTo("Engine local over the last hour: at most 1 of 1 running at once");
            assertThat(b.driver().findElements(By.cssSelector("figure.load[data-series='local'] rect.running")))
                    .as("a bar for this minute").isNotEmpty();
            assertThat(b.driver().findElements(By.cssSelector("figure.load[data-series='queue'] rect.queued")))
                    .as("the queue's bar").isNotEmpty();
            shoot(b, "engines", "figure.load svg");
        }
        server.api.post("/api/jobs/" + running + "/cancel", ann, Map.of());
        for (String id : List.of(annSecond, annThird)) {
            server.awaitJob(ann, id);
        }
        server.awaitJob(ben, benFirst);
    }

    private static String sleeper(String token, String name, int seconds) {
        Api.Response r = server.api.post("/api/jobs", token, Map.of("service", "sh", "name", name, "inputs",
                Map.of("in", Map.of("content", "x")), "parameters", Map.of("script", "sleep " + seconds)));
        assertThat(r.status()).as("submitted: %s", r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static void awaitState(String token, String id, String state) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (server.api.get("/api/jobs/" + id, token).json().path("state").asText().equals(state)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(id + " never reached " + state);
    }

    private static void shoot(Browser b, String name, String ready) {
        b.shootEveryWay(name, (width, dark) -> b.waitFor(ready));
    }
}
