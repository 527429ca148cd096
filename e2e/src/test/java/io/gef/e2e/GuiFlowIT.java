package io.gef.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.GefServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The GUI as a scientist uses it, in real headless Chromium against a real server, engine and registry, signed in
 * with a personal API token the user made for herself. Screenshots of each page land in target/screenshots/.
 */
class GuiFlowIT {
    /** Counts of this text: 2 lines, 6 words, 28 bytes. */
    private static final String TEXT = "move the tools\nnot the data\n";
    @TempDir
    static Path data;
    static GefServer server;
    static String base;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        server = new GefServer(data);
        server.publishExample("wordcount");
        server.publishExample("sh");
        String first = server.newUser("dana");
        // the GUI must work with a personal token (POST /api/tokens), not only with an account's first token
        token = server.api.post("/api/tokens", first, Map.of("name", "browser", "expiresInDays", 1)).json()
                .path("token").asText();
        base = "http://127.0.0.1:" + server.gef.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scientist_uploadsRunsWatchesDownloadsVerifiesAndReplays_inTheBrowser(@TempDir Path tmp) throws Exception {
        try (Browser b = Browser.start()) {
            b.open(base + "/");
            b.waitFor("#token");
            b.screenshot("01-sign-in");
            b.waitFor("#token").sendKeys(token + Keys.ENTER); // the keyboard alone signs in
            b.waitFor("#service-list", "wordcount");
            b.screenshot("02-services");

            b.driver().findElement(By.linkText("Volumes")).click();
            b.waitFor("#volume-name").sendKeys("chapter one" + Keys.ENTER);
            Path input = Files.writeString(tmp.resolve("input.txt"), TEXT);
            b.waitFor("#upload-file").sendKeys(input.toString());
            b.driver().findElement(By.id("upload-btn")).click();
            b.waitFor("#upload-status", "Uploaded 1 file");
            b.waitFor("tr[data-path='input.txt']");
            assertThat(b.driver().findElement(By.id("upload-progress")).getDomProperty("value"))
                    .as("the progress bar ends full").isEqualTo("100");
            String volume = hashPart(b, 2);
            b.screenshot("03-volume");
            b.waitFor("button.download-zip", "Download all as zip").click();
            assertThat(zipEntries(b.awaitDownload("chapter_one.zip"))).as("the volume as a zip, named after it")
                    .containsExactly(Map.entry("input.txt", TEXT));

            b.driver().findElement(By.linkText("Services")).click();
            b.waitFor("a[href='#/services/wordcount']").click();
            b.waitFor("#run-form");
            new Select(b.driver().findElement(By.id("input-text-kind"))).selectByValue("volume");
            new Select(b.driver().findElement(By.id("input-text-volume"))).selectByValue(volume);
            b.screenshot("04-run-form");
            // a reload would lose these; the observer records every state the badge shows
            b.driver().executeScript("""
                    window.__noReload = true; window.__states = [];
                    new MutationObserver(() => {
                      const t = document.querySelector('#job-state')?.textContent;
                      if (t && window.__states.at(-1) !== t) window.__states.push(t);
                    }).observe(document.body, {subtree: true, childList: true, characterData: true});""");
            b.driver().findElement(By.id("run-submit")).click();

            new WebDriverWait(b.driver(), Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("#/jobs/job-"));
            String job = hashPart(b, 2);
            b.waitFor("#log .log-line", "counted 1 file");
            b.waitFor("#job-state", "COMPLETE");
            assertThat(b.driver().executeScript("return window.__noReload === true")).as("no reload").isEqualTo(true);
            @SuppressWarnings("unchecked")
            List<String> states = (List<String>) b.driver().executeScript("return window.__states");
            assertThat(states).as("states the badge showed, live").last().isEqualTo("COMPLETE");
            assertThat(states).as("a state before the end was seen").anyMatch(s -> List.of("QUEUED", "INITIALIZING",
                    "RUNNING").contains(s));
            b.waitFor("#events li[data-type='stage-in-finished']", "28 B");
            b.screenshot("05-job");

            JsonNode done = server.api.get("/api/jobs/" + job, token).json();
            String outVolume = done.path("outputs").get(0).path("volumeId").asText();
            byte[] expected = server.api.getBytes("/api/volumes/" + outVolume + "/files/counts.json", token);
            Files.deleteIfExists(b.downloads().resolve("counts.json"));
            b.waitFor("#outputs button.download[data-path='counts.json']").click();
            byte[] downloaded = Files.readAllBytes(b.awaitDownload("counts.json"));
            assertThat(downloaded).as("the downloaded output is the job's output").isEqualTo(expected);
            assertThat(new String(downloaded)).as("wordcount's result").contains("\"words\":6").contains("\"lines\":2");

            b.waitFor("#signature-status", "signature verified");
            b.waitFor("#browser-verify", "also checked in this browser");
            b.driver().executeScript("document.getElementById('provenance').scrollIntoView()");
            b.screenshot("06-provenance");

            b.waitFor("#replay").click();
            new WebDriverWait(b.driver(), Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("#/jobs/job-")
                    && !d.getCurrentUrl().endsWith(job));
            String replay = hashPart(b, 2);
            b.waitFor("#job-state", "COMPLETE");
            b.waitFor("#verdict", "identical");
            JsonNode r = server.api.get("/api/jobs/" + replay, token).json();
            assertThat(r.path("replayOf").asText()).as("replay of").isEqualTo(job);
            assertThat(r.path("reproducibility").path("identical").asBoolean()).as("server verdict").isTrue();
            b.screenshot("07-replay");
        }
    }

    @Test
    void runForm_showsTheApisValidationMessage_nextToTheControlItNames(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), TEXT);
        String vol = server.volumeWith(token, tmp);
        try (Browser b = Browser.start()) {
            signIn(b, token);
            b.open(base + "/#/services/wordcount");
            new Select(b.waitFor("#input-text-kind")).selectByValue("volume");
            new Select(b.waitFor("#input-text-volume")).selectByValue(vol);
            b.waitFor("#input-text-path").sendKeys("../notes.txt"); // only the server checks sub-paths
            b.driver().findElement(By.id("run-submit")).click();
            b.waitFor("#input-text-path-error", "must not contain '.' or '..' segments");
            assertThat(b.driver().findElement(By.id("input-text-path")).getDomAttribute("aria-invalid"))
                    .as("the named control is marked").isEqualTo("true");
            assertThat(b.waitFor("#run-problems").getText()).as("said in plain words, without the API path")
                    .doesNotContain("inputs.text");
            assertThat(b.driver().getCurrentUrl()).as("still on the form").endsWith("#/services/wordcount");
            b.screenshot("12-run-form-error");
        }
    }

    @Test
    void runForm_uploadsAChosenFileIntoANewVolume_andRunsOnIt(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), TEXT);
        try (Browser b = Browser.start()) {
            signIn(b, token);
            b.open(base + "/#/services/wordcount");
            new Select(b.waitFor("#input-text-kind")).selectByValue("upload");
            b.waitFor("#input-text-file").sendKeys(file.toString());
            b.driver().findElement(By.id("run-submit")).click();
            b.waitFor("#job-state", "COMPLETE");
            String job = hashPart(b, 2);
            JsonNode in = server.api.get("/api/jobs/" + job, token).json().path("inputs").get(0);
            assertThat(in.path("bytes").asLong()).as("the uploaded file was the input").isEqualTo(TEXT.length());
            JsonNode tree = server.api.get("/api/volumes/" + in.path("volumeId").asText() + "/tree", token).json();
            assertThat(tree.get(0).path("name").asText()).as("kept its name").isEqualTo("notes.txt");
        }
    }

    @Test
    void aRunningJob_streamsItsLogLive_andCanBeCanceledFromItsPage() {
        try (Browser b = Browser.start()) {
            signIn(b, token);
            b.open(base + "/#/services/sh");
            new Select(b.waitFor("#input-in-kind")).selectByValue("text");
            b.waitFor("#input-in-text").sendKeys("anything");
            b.waitFor("#param-script").sendKeys("echo started; sleep 120; echo never");
            b.driver().findElement(By.id("run-submit")).click();
            b.waitFor("#log .log-line", "started");
            assertThat(b.waitFor("#job-state").getText()).as("the line arrived while it runs").isEqualTo("RUNNING");
            b.waitFor("#cancel").click();
            b.waitFor("#job-state", "CANCELED");
            assertThat(b.waitFor("#log").getText()).as("the job was stopped").doesNotContain("never");
            b.screenshot("13-job-canceled");
        }
    }

    @Test
    void jobsList_showsAJobSubmittedElsewhere_andItsEnd_withoutReloading() {
        try (Browser b = Browser.start()) {
            signIn(b, token);
            b.driver().findElement(By.linkText("Jobs")).click();
            b.waitFor("#jobs-live", "Live");
            b.driver().executeScript("window.__noReload = true");
            server.api.post("/api/jobs", token, Map.of("service", "wordcount", "inputs", Map.of("text",
                    Map.of("content", TEXT)))); // so there is an older job to page to
            String id = server.api.post("/api/jobs", token, Map.of("service", "wordcount", "name", "from the API",
                    "inputs", Map.of("text", Map.of("content", TEXT)))).json().path("id").asText();
            b.waitFor("tr[data-job='" + id + "']", "from the API");
            b.waitFor("tr[data-job='" + id + "']", "COMPLETE");
            assertThat(b.driver().executeScript("return window.__noReload === true")).as("no reload").isEqualTo(true);
            b.screenshot("08-jobs");

            b.open(base + "/#/jobs?limit=1");
            b.waitFor("#jobs-live", "Live");
            assertThat(b.driver().findElements(By.cssSelector("#job-rows tr"))).as("one page of one").hasSize(1);
            b.waitFor("#older-jobs").click();
            new WebDriverWait(b.driver(), Duration.ofSeconds(10))
                    .until(d -> d.findElements(By.cssSelector("#job-rows tr")).size() == 2);
        }
    }

    @Test
    void everyPage_fitsA400PixelScreen_withoutSidewaysScrolling() throws Exception {
        String id = server.api.post("/api/jobs", token, Map.of("service", "wordcount",
                "inputs", Map.of("text", Map.of("content", TEXT)))).json().path("id").asText();
        server.awaitJob(token, id);
        try (Browser b = Browser.start()) {
            b.viewportWidth(400);
            signIn(b, token);
            for (String page : List.of("services", "services/wordcount", "jobs", "volumes", "account", "jobs/" + id)) {
                b.open(base + "/#/" + page);
                b.waitFor("h2");
                if (page.startsWith("jobs/")) {
                    b.waitFor("#signature-status", "signature verified");
                }
                b.screenshot("narrow-" + (page.startsWith("jobs/") ? "job" : page.replace('/', '-')));
                assertThat(b.horizontalOverflow()).as("sideways overflow of #/%s at 400 px", page).isZero();
                assertThat(b.unlabelledControls()).as("form controls without a label on #/%s", page).isEmpty();
            }
        }
    }

    @Test
    void admin_seesEngines_publishesAFolder_andATokenMadeInTheGui_signsIn() {
        try (Browser b = Browser.start()) {
            signIn(b, server.admin);
            b.driver().findElement(By.linkText("Admin")).click();
            b.waitFor("#engines tr[data-engine='local']", "healthy");
            b.waitFor("#datasets h3", "Datasets");
            b.waitFor("#audit td", "user.created"); // the audit log under the page's strict CSP
            b.screenshot("09-admin");
            b.driver().findElement(By.linkText("Publish")).click();
            b.waitFor("#context-folder").sendKeys(GefServer.REPO.resolve("service-images/grep").toString());
            b.driver().findElement(By.id("publish-btn")).click();
            b.waitFor("#build-state", "SUCCEEDED — PUBLISHED");
            assertThat(b.waitFor("#build-log").getText()).as("the build log was shown").contains("Step 1");
            b.waitFor("#policy-decision", "allowed");
            b.waitFor("#build-outcome a[href='#/services/grep']");
            b.screenshot("10-publish");

            b.driver().findElement(By.cssSelector("a[href='#/account']")).click();
            b.waitFor("#token-name").sendKeys("made in the GUI");
            b.driver().findElement(By.id("token-days")).clear();
            b.driver().findElement(By.id("token-days")).sendKeys("2" + Keys.ENTER);
            String made = b.waitFor("#token-value").getDomProperty("value");
            b.waitFor("td", "made in the GUI");
            b.screenshot("11-account");
            b.driver().findElement(By.id("signout")).click();
            signIn(b, made);
            assertThat(b.waitFor("#nav").getText()).as("signed in with the new token").contains("Admin");
        }
    }

    private static void signIn(Browser b, String t) {
        b.signIn(base, t);
    }

    /** A zip's files by name, as text. */
    static Map<String, String> zipEntries(Path zip) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** A segment of the location's hash: {@code #/jobs/job-1} → part 2 is {@code job-1}. */
    private static String hashPart(Browser b, int i) {
        String hash = b.driver().getCurrentUrl().replaceFirst("^[^#]*#", "");
        return hash.split("[/?]")[i];
    }
}
