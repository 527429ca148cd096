package io.gef.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a Galaxy or Funnel user expects of the GUI (issue 23), in real headless Chromium against a real server,
 * engine and registry: previews, the job timeline, search, run again, volumes grouped, names over ids, validation
 * in the browser, sign-in help, favicon, dark mode, stacked cards at 400 px. Screenshots of every page at 1280 and
 * 400 px, light and dark, land in target/screenshots/.
 */
class GuiExpectationsIT {
    private static final String TEXT = "move the tools\nnot the data\n";
    private static final String CSV = "sample,reads,quality\nA,120,0.91\nB,340,0.87\nC,95,0.99\n";
    private static final String EVIL = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">";
    @TempDir
    static Path data;
    static GefServer server;
    static String base;
    static String token;
    static String files;

    @BeforeAll
    static void start() throws Exception {
        server = new GefServer(data);
        server.publishExample("wordcount");
        server.publishExample("sh");
        token = server.newUser("erin");
        base = "http://127.0.0.1:" + server.gef.port();
        files = server.api.post("/api/volumes", token, Map.of("name", "chapter one")).json().path("id").asText();
        put(files, "notes.txt", TEXT.getBytes(StandardCharsets.UTF_8));
        put(files, "table.csv", CSV.getBytes(StandardCharsets.UTF_8));
        put(files, "evil.html", EVIL.getBytes(StandardCharsets.UTF_8));
        put(files, "big.txt", "0123456789abcdef".repeat(6 * 1024).getBytes(StandardCharsets.UTF_8)); // 96 KiB
        put(files, "pic.png", png());
        server.api.post("/api/volumes", token, Map.of("name", "chapter two"));
        server.api.post("/api/volumes", token, Map.of("name", "appendix"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void previews_showJsonCsvAndImages_inThePage_andAFilesScriptNeverRuns() throws Exception {
        String job = run(Map.of("service", "wordcount", "name", "count chapter one", "inputs",
                Map.of("text", Map.of("volume", files, "path", "notes.txt"))));
        try (Browser b = Browser.start()) {
            b.signIn(base, token);
            b.open(base + "/#/jobs/" + job);
            b.waitFor("#outputs button.preview-btn[data-path='counts.json']").click();
            String json = b.waitFor(".preview-json").getText();
            assertThat(json).as("JSON pretty-printed").contains("\"words\": 6").contains("\n");
            b.screenshot("20-preview-json");
            // the summary above the output's file browser tells what the browser lists
            List<WebElement> rows = b.driver().findElements(By.cssSelector("#outputs .files tbody tr[data-path]"));
            assertThat(rows).as("the browser lists the one output file").hasSize(1);
            String size = rows.getFirst().findElement(By.cssSelector("td[data-label='Size']")).getText();
            assertThat(b.waitFor("#outputs .output-summary").getText()).as("summary agrees with the browser")
                    .startsWith("counts: 1 file, " + size + ", root digest ");
            Files.deleteIfExists(b.downloads().resolve("count_chapter_one-counts.zip"));
            b.waitFor("#outputs button.download-zip", "Download all as zip").click();
            assertThat(b.awaitDownload("count_chapter_one-counts.zip")).as("named after the job and the output")
                    .isNotEmptyFile();

            b.open(base + "/#/volumes/" + files);
            b.waitFor("button.preview-btn[data-path='table.csv']").click();
            b.waitFor(".preview-table tbody tr", "340");
            List<WebElement> cells = b.driver().findElements(By.cssSelector(".preview-table tbody tr"));
            assertThat(cells).as("CSV rows as a table").hasSize(3);
            assertThat(b.waitFor(".preview-table thead").getText()).contains("reads");
            assertThat(b.waitFor(".preview-chart").getDomAttribute("aria-label")).as("a chart of a numeric column")
                    .contains("reads");
            b.screenshot("21-preview-csv");

            b.driver().findElement(By.cssSelector("button.preview-btn[data-path='pic.png']")).click();
            b.waitFor("img.preview-image");
            new WebDriverWait(b.driver(), java.time.Duration.ofSeconds(10)).until(d -> (Long) b.driver().executeScript(
                    "return document.querySelector('img.preview-image').naturalWidth") == 40L);
            b.screenshot("22-preview-image");

            b.driver().findElement(By.cssSelector("button.preview-btn[data-path='evil.html']")).click();
            assertThat(b.waitFor(".preview-text", "<script>").getText()).as("shown as its source").contains("onerror");
            assertThat(b.driver().executeScript("return window.__pwned ?? null")).as("no script from the file ran")
                    .isNull();
            assertThat(b.driver().findElements(By.cssSelector(".preview script, .preview-body img[src='x']")))
                    .as("no element made from the file").isEmpty();
            Api.Response direct = server.api.get("/api/volumes/" + files + "/files/evil.html?preview=true", token);
            assertThat(direct.header("Content-Type")).as("served as text").startsWith("text/plain");
            assertThat(direct.header("Content-Security-Policy")).as("sandboxed").contains("sandbox");
            assertThat(direct.header("X-Content-Type-Options")).isEqualTo("nosniff");

            b.driver().findElement(By.cssSelector("button.preview-btn[data-path='big.txt']")).click();
            b.waitFor(".preview-status", "First 64.0 KiB of 96.0 KiB");
            b.waitFor("button.load-more").click();
            b.waitFor(".preview-status", "96.0 KiB, shown whole");
            assertThat(b.waitFor(".preview-text").getText()).as("the whole file after 'load more'")
                    .hasSize(6 * 1024 * 16);
        }
    }

    @Test
    void jobPage_drawsPhasesThatAgreeWithTheEvents_namesItsInputs_andPutsAFailureOnTop() throws Exception {
        String job = run(Map.of("service", "wordcount", "inputs", Map.of("text", Map.of("volume", files,
                "path", "notes.txt"))));
        List<JsonNode> events = server.api.get("/api/jobs/" + job + "/events", token).json().path("events")
                .valueStream().toList();
        long runMs = at(events, "execution-finished") - at(events, "started");
        try (Browser b = Browser.start()) {
            b.signIn(base, token);
            b.open(base + "/#/jobs/" + job);
            b.waitFor("#signature-status", "signature verified");
            for (String phase : List.of("queued", "stage-in", "prepare", "run", "stage-out", "signing")) {
                b.waitFor("#timeline li[data-phase='" + phase + "']");
            }
            assertThat(b.waitFor("#timeline li[data-phase='run'] .phase-time").getText())
                    .as("the run bar's duration is the time between its events").isEqualTo(duration(runMs));
            long totalMs = at(events, "finished") - at(events, "queued");
            Number share = (Number) b.driver().executeScript("const bar = document.querySelector("
                    + "\"#timeline li[data-phase='run'] .phase-bar\"); return bar.getBoundingClientRect().width"
                    + " / bar.parentElement.getBoundingClientRect().width");
            assertThat(share.doubleValue()).as("the run bar's length is its share of the whole job")
                    .isCloseTo(Math.max((double) runMs / totalMs, 0.005), org.assertj.core.api.Assertions.within(0.03));
            assertThat(b.consoleErrors()).as("nothing the page's CSP refused").noneMatch(m -> m.contains("Refused"));
            assertThat(b.waitFor("#inputs .volume-name", "chapter one").getText()).as("a name, not an id")
                    .isEqualTo("chapter one");
            b.screenshot("23-job-timeline");

            String failed = run(Map.of("service", "sh", "name", "fails quietly", "inputs",
                    Map.of("in", Map.of("content", "x")), "parameters", Map.of("script",
                            "printf partial > /data/out/partial.txt; exit 3")));
            b.open(base + "/#/jobs/" + failed);
            b.waitFor("#failure", "exited with code 3");
            assertThat(b.waitFor("#failure .hint").getText()).as("what to do about it")
                    .contains("The tool itself reported an error");
            b.waitFor("#log-empty", "No output");
            // what the failed tool wrote is kept: the summary's counts are those of the file browser below it
            b.waitFor("#outputs tr[data-path='partial.txt']", "7 B");
            assertThat(b.waitFor("#outputs .output-summary").getText()).as("the summary of a failed job's output")
                    .startsWith("out: 1 file, 7 B");
            assertThat((Boolean) b.driver().executeScript("return document.getElementById('failure')"
                    + ".compareDocumentPosition(document.getElementById('log')) === Node.DOCUMENT_POSITION_FOLLOWING"))
                    .as("the failure comes before the log").isTrue();
            b.screenshot("24-job-failed");
        }
    }

    @Test
    void jobs_areFoundByNameServiceAndDate_withTheFiltersInTheUrl_andRunAgainChangesAParameter() throws Exception {
        String first = run(Map.of("service", "sh", "name", "alpha run", "inputs", Map.of("in", Map.of("volume", files)),
                "parameters", Map.of("script", "wc -c /data/in/notes.txt > /data/out/size.txt")));
        run(Map.of("service", "wordcount", "name", "beta run", "inputs", Map.of("text", Map.of("content", TEXT))));
        try (Browser b = Browser.start()) {
            b.signIn(base, token);
            b.open(base + "/#/jobs");
            b.waitFor("#jobs-live", "Live");
            b.waitFor("#job-name").sendKeys("alpha");
            b.driver().findElement(By.id("job-search-btn")).click();
            new WebDriverWait(b.driver(), java.time.Duration.ofSeconds(10))
                    .until(d -> d.getCurrentUrl().contains("name=alpha"));
            b.waitFor("#jobs-live", "Live");
            new WebDriverWait(b.driver(), java.time.Duration.ofSeconds(10)).until(d -> !rowsText(b).isEmpty()
                    && rowsText(b).stream().allMatch(t -> t.contains("alpha run")));
            b.screenshot("25-jobs-search");
            b.open(base + "/#/jobs?service=wordcount");
            b.waitFor("#jobs-live", "Live");
            b.waitFor("#job-rows tr", "beta run");
            assertThat(rowsText(b)).as("found by service").anyMatch(t -> t.contains("beta run"))
                    .noneMatch(t -> t.contains("alpha run"));
            String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
            b.open(base + "/#/jobs?from=" + tomorrow);
            b.waitFor("#jobs-live", "No job matches");

            b.open(base + "/#/jobs/" + first);
            b.waitFor("#signature-status", "signature verified"); // the page is drawn for the ended job
            b.waitFor("#run-again").click();
            b.waitFor("#run-again-note", "Pre-filled");
            WebElement script = b.waitFor("#param-script");
            assertThat(script.getDomProperty("value")).as("the parameter as the job had it").contains("wc -c");
            assertThat(new Select(b.driver().findElement(By.id("input-in-volume"))).getFirstSelectedOption()
                    .getText()).as("the input volume, by name").contains("chapter one");
            script.clear();
            script.sendKeys("wc -l /data/in/notes.txt > /data/out/size.txt");
            b.screenshot("26-run-again");
            b.driver().findElement(By.id("run-submit")).click();
            new WebDriverWait(b.driver(), java.time.Duration.ofSeconds(30))
                    .until(d -> d.getCurrentUrl().contains("#/jobs/job-") && !d.getCurrentUrl().endsWith(first));
            b.waitFor("#job-state", "COMPLETE");
            String again = b.driver().getCurrentUrl().replaceFirst(".*#/jobs/", "");
            JsonNode j = server.api.get("/api/jobs/" + again, token).json();
            assertThat(j.path("parameters").path("script").asText()).as("the changed parameter").contains("wc -l");
            assertThat(j.path("inputs").get(0).path("volumeId").asText()).as("the same input").isEqualTo(files);
        }
    }

    @Test
    void runForm_marksEveryProblemAtOnceNextToItsField_beforeAnyRequest() {
        int before = server.api.get("/api/jobs?limit=500", token).json().path("items").size();
        try (Browser b = Browser.start()) {
            b.signIn(base, token);
            b.open(base + "/#/services/sh");
            new Select(b.waitFor("#input-in-kind")).selectByValue("url");
            b.waitFor("#input-in-url").sendKeys("ftp://example.org/notes.txt");
            b.driver().findElement(By.cssSelector("#resources summary")).click();
            b.waitFor("#res-cpus").sendKeys("-1");
            b.driver().findElement(By.id("run-submit")).click();
            b.waitFor("#run-problems", "3 fields need attention");
            assertThat(b.waitFor("#input-in-url-error").getText()).contains("http:// or https://");
            assertThat(b.waitFor("#param-script-error").getText()).isEqualTo("script is required.");
            assertThat(b.waitFor("#res-cpus-error").getText()).contains("more than 0");
            for (String id : List.of("input-in-url", "param-script", "res-cpus")) {
                WebElement c = b.driver().findElement(By.id(id));
                assertThat(c.getDomAttribute("aria-invalid")).as(id + " marked").isEqualTo("true");
                assertThat(c.getDomAttribute("aria-describedby")).as(id + " described by its error")
                        .contains(id + "-error");
            }
            b.screenshot("27-run-form-three-errors");
            b.viewportWidth(400);
            b.screenshot("27-run-form-three-errors-400");
        }
        assertThat(server.api.get("/api/jobs?limit=500", token).json().path("items").size())
                .as("nothing was submitted").isEqualTo(before);
    }

    @Test
    void runForm_offersTheUsersVolumesByName_findsOneBySearch_andPreselectsNothing() throws Exception {
        run(Map.of("service", "wordcount", "inputs", Map.of("text", Map.of("content", TEXT)))); // GEF makes volumes
        try (Browser b = Browser.start()) {
            b.signIn(base, token);
            b.open(base + "/#/services/wordcount");
            new Select(b.waitFor("#input-text-kind")).selectByValue("volume");
            Select volume = new Select(b.waitFor("#input-text-volume"));
            assertThat(volume.getFirstSelectedOption().getDomAttribute("value")).as("nothing pre-selected").isEmpty();
            List<String> offered = volume.getOptions().stream().skip(1).map(WebElement::getText).toList();
            assertThat(offered).as("the user's volumes, by name, not those GEF made for jobs")
                    .anyMatch(t -> t.startsWith("chapter one (")).anyMatch(t -> t.startsWith("appendix ("))
                    .noneMatch(t -> t.contains("output") || t.startsWith("vol-") || t.startsWith("input"));
            b.waitFor("#input-text-volume-search").sendKeys("appen");
            new WebDriverWait(b.driver(), java.time.Duration.ofSeconds(10)).until(d -> {
                List<WebElement> o = new Select(d.findElement(By.id("input-text-volume"))).getOptions();
                return o.size() == 2 && o.get(1).getText().startsWith("appendix (");
            });
            assertThat(volume.getFirstSelectedOption().getDomAttribute("value")).as("still nothing chosen").isEmpty();
            b.screenshot("30-run-form-volume-search");
        }
    }

    @Test
    void volumes_areSearchedAndPaged_andTheOnesGefMadeAreGroupedUnderTheirJob() throws Exception {
        String job = run(Map.of("service", "wordcount", "inputs", Map.of("text", Map.of("content", TEXT))));
        try (Browser b = Browser.start()) {
            b.signIn(base, token);
            b.open(base + "/#/volumes");
            b.waitFor("#volumes");
            assertThat(b.waitFor("#volumes").getText()).as("GEF's own volumes are hidden by default")
                    .contains("chapter one").doesNotContain("output");
            b.waitFor("#volume-search").sendKeys("chapter");
            b.driver().findElement(By.id("volume-search-btn")).click();
            b.waitFor("#volume-count", "of 2");
            assertThat(b.driver().findElements(By.cssSelector("#volumes tbody tr"))).hasSize(2);
            assertThat(b.driver().getCurrentUrl()).contains("q=chapter");
            b.screenshot("28-volumes-search");
            b.open(base + "/#/volumes?made=gef");
            b.waitFor("section.volume-group[data-job='" + job + "']", "output");
            b.screenshot("29-volumes-made-by-gef");
        }
    }

    @Test
    void signInHelp_favicon_adminCannotDeleteSelf() {
        Api.Response icon = server.api.get("/favicon.svg", null);
        assertThat(icon.status()).as("favicon").isEqualTo(200);
        String adminId = server.api.get("/api/me", server.admin).json().path("id").asText();
        Api.Response self = server.api.delete("/api/users/" + adminId, server.admin);
        assertThat(self.status()).as("an admin deleting themselves").isEqualTo(409);
        try (Browser b = Browser.start()) {
            b.open(base + "/");
            assertThat(b.waitFor("#first-token").getText()).as("where a first token comes from")
                    .contains("admin.token").contains("administrator");
            b.signIn(base, server.admin);
            b.open(base + "/#/admin");
            b.waitFor("#self-user", "cannot delete yourself");
            assertThat(b.driver().findElements(By.cssSelector("tr[data-user='" + adminId + "'] button.danger")))
                    .as("no delete button on one's own row").isEmpty();
        }
    }

    /** Every page at 1280 and 400 px, light and dark; at 400 px tables are stacked cards, nothing scrolls sideways. */
    @Test
    void everyPage_inLightAndDark_at1280And400Pixels() throws Exception {
        String job = run(Map.of("service", "wordcount", "name", "screenshot run", "inputs",
                Map.of("text", Map.of("volume", files, "path", "notes.txt"))));
        String failed = run(Map.of("service", "sh", "name", "screenshot failure", "inputs",
                Map.of("in", Map.of("content", "x")), "parameters", Map.of("script",
                        "echo reading the input; echo no such column >&2; exit 2")));
        try (Browser b = Browser.start()) {
            b.open(base + "/");
            b.waitFor("#token");
            shoot(b, "sign-in", null);
            b.signIn(base, server.admin);
            server.api.post("/api/jobs", server.admin, Map.of("service", "wordcount", "inputs",
                    Map.of("text", Map.of("content", TEXT))));
            // page, screenshot name, what shows the page is fully drawn
            String[][] pages = {{"services", "services", null}, {"services/wordcount", "services-wordcount", null},
                {"jobs", "jobs", null}, {"jobs/" + job, "job", "#signature-status"},
                {"jobs/" + failed, "job-failed", "#signature-status"}, {"volumes", "volumes", null},
                {"volumes?made=gef", "volumes-made-by-gef", "section.volume-group"},
                {"volumes/" + files, "volume", "button.preview-btn[data-path='table.csv']"},
                {"publish", "publish", null}, {"account", "account", null}, {"admin", "admin", "#audit table"},
                {"engines", "engines", "figure.load svg"}, {"pipelines", "pipelines", null}};
            for (String[] page : pages) {
                b.open(base + "/#/" + page[0]);
                b.waitFor("h2");
                shoot(b, page[1], page[2]);
            }
            b.open(base + "/#/jobs/" + job);
            b.waitFor("#signature-status", "signature verified");
            b.driver().executeScript("document.getElementById('provenance').scrollIntoView()");
            b.shootEveryWay("provenance", (width, dark) -> b.waitFor("#browser-verify", "also checked"));
        }
    }

    private static void shoot(Browser b, String name, String ready) {
        b.shootEveryWay(name, (width, dark) -> {
            if (ready != null) {
                b.waitFor(ready);
                if (ready.startsWith("button.preview-btn")) {
                    b.driver().findElement(By.cssSelector(ready)).click();
                    b.waitFor(".preview-table");
                }
            }
            String bg = (String) b.driver().executeScript("return getComputedStyle(document.body).backgroundColor");
            assertThat(bg).as("%s background, dark=%s", name, dark)
                    .isEqualTo(dark ? "rgb(17, 22, 28)" : "rgb(255, 255, 255)");
            List<WebElement> tables = b.driver().findElements(By.cssSelector("table.stack tbody tr"));
            if (width == 400 && !tables.isEmpty()) {
                assertThat(tables.getFirst().getCssValue("display")).as("%s: rows as cards", name).isEqualTo("block");
            }
        });
    }

    private static List<String> rowsText(Browser b) {
        return b.driver().findElements(By.cssSelector("#job-rows tr")).stream().map(WebElement::getText).toList();
    }

    private static String run(Map<String, Object> request) throws InterruptedException {
        Api.Response r = server.api.post("/api/jobs", token, request);
        assertThat(r.status()).as("submitted: %s", r.body()).isEqualTo(201);
        String id = r.json().path("id").asText();
        server.awaitJob(token, id);
        server.provenance(token, id); // signed: the job page's provenance view is complete
        return id;
    }

    private static long at(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).findFirst()
                .map(e -> Instant.parse(e.path("at").asText()).toEpochMilli()).orElseThrow();
    }

    /** The GUI's own rounding (dom.js duration). */
    private static String duration(long ms) {
        return ms < 1000 ? ms + " ms" : ms < 120000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0)
                : Math.round(ms / 60000.0) + " min";
    }

    private static void put(String volume, String path, byte[] body) {
        Api.Response r = server.api.put("/api/volumes/" + volume + "/files/" + path, token, body);
        assertThat(r.status()).as("upload %s: %s", path, r.body()).isEqualTo(201);
    }

    private static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color(0x1d4f91));
        g.fillRect(0, 0, 40, 20);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
