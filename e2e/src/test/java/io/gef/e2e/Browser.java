package io.gef.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for end-to-end tests: the Debian {@code /usr/bin/chromium} driven through
 * {@code /usr/bin/chromedriver}, both given explicitly so Selenium Manager never looks for (or downloads) either.
 * Each browser gets a fresh profile under {@code target/}; screenshots go to {@code target/screenshots/} and
 * downloads to {@code target/downloads/}.
 *
 * <pre>{@code
 * try (Browser b = Browser.start()) {
 *     b.open(baseUrl + "/");
 *     b.waitFor("h2", "Services");
 *     b.screenshot("services");
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {
    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final Path SCREENSHOTS = TARGET.resolve("screenshots");
    static final Path DOWNLOADS = TARGET.resolve("downloads");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** Starts chromedriver and a headless Chromium with a fresh profile; fails at once when either is missing. */
    public static Browser start() {
        File chromium = executable("gef.e2e.chromium", "/usr/bin/chromium");
        File chromedriver = executable("gef.e2e.chromedriver", "/usr/bin/chromedriver");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.createDirectories(DOWNLOADS);
            Path profile = Files.createDirectories(TARGET.resolve("chrome-profiles").resolve(UUID.randomUUID()
                    .toString()));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,800", "--user-data-dir=" + profile);
            // the browser's console, so a test can require a page to load without errors (consoleErrors)
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", DOWNLOADS.toString(),
                    "download.prompt_for_download", false,
                    "download.directory_upgrade", true,
                    "safebrowsing.enabled", false));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver)
                    .usingAnyFreePort()
                    .withLogFile(TARGET.resolve("chromedriver.log").toFile())
                    .build();
            return new Browser(service, new ChromeDriver(service, options));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the browser's folders under " + TARGET, e);
        }
    }

    private static File executable(String property, String dflt) {
        File f = new File(System.getProperty(property, dflt));
        if (!f.canExecute()) {
            throw new IllegalStateException(f + " is missing: apt-get install -y chromium chromium-driver"
                    + " (or set -D" + property + "=...)");
        }
        return f;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Signs in on the GEF at {@code base} with {@code token} and waits for the catalog. */
    public void signIn(String base, String token) {
        open(base + "/#/signin");
        waitFor("#token").sendKeys(token);
        driver().findElement(By.id("signin")).click();
        waitFor("#service-list");
    }

    /** The first element matching {@code css} once it is visible. */
    public WebElement waitFor(String css) {
        return wait.withMessage(() -> "no visible " + css + " on " + driver.getCurrentUrl())
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** The first element matching {@code css} whose text contains {@code text}, once there is one. */
    public WebElement waitFor(String css, String text) {
        return wait.withMessage(() -> "no " + css + " containing '" + text + "' on " + driver.getCurrentUrl()
                        + "; the page says: " + pageText())
                .until(d -> d.findElements(By.cssSelector(css)).stream().filter(e -> {
                    try {
                        return e.getText().contains(text);
                    } catch (StaleElementReferenceException gone) {
                        return false; // re-rendered meanwhile: the next poll sees the new one
                    }
                }).findFirst().orElse(null));
    }

    /** The console's errors (uncaught exceptions, failed loads, CSP refusals) since the last call. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage()).toList();
    }

    /** Saves a PNG of the whole page (not only the viewport) as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        Path png = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        // clipped to the viewport's full width: capturing beyond the viewport drops the scrollbar and lays the page
        // out that much wider, which an unclipped narrow shot would cut off on the right
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) driver.executeScript("const d = document.documentElement;"
                + " return {width: window.innerWidth, height: Math.max(d.scrollHeight, d.clientHeight)};");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0,
                        "width", size.get("width"), "height", size.get("height"), "scale", 1)));
        try {
            Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save screenshot " + png, e);
        }
        return png;
    }

    /** Lays the page out {@code width} CSS pixels wide (headless windows cannot be made narrower than 500). */
    public void viewportWidth(int width) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 800, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Lays the page out 1280 CSS pixels wide again (undoes {@link #viewportWidth(int)}). */
    public void fullWidth() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** Makes the page see {@code prefers-color-scheme: dark} (or light), as a system setting would. */
    public void darkMode(boolean dark) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    /**
     * Screenshots of the page as {@code gui-NAME-WIDTH-THEME.png} at 1280 and 400 px, light and dark; before each,
     * {@code check} runs (wait for what must be drawn, assert on it). At 400 px nothing may scroll sideways.
     */
    public void shootEveryWay(String name, java.util.function.BiConsumer<Integer, Boolean> check) {
        try {
            for (boolean dark : List.of(false, true)) {
                darkMode(dark);
                for (int width : List.of(1280, 400)) {
                    if (width == 400) {
                        viewportWidth(400);
                    } else {
                        fullWidth();
                    }
                    check.accept(width, dark);
                    if (width == 400 && horizontalOverflow() != 0) {
                        throw new AssertionError(name + " scrolls sideways by " + horizontalOverflow() + " px at 400 px");
                    }
                    screenshot("gui-" + name + "-" + width + (dark ? "-dark" : "-light"));
                }
            }
        } finally {
            darkMode(false);
            fullWidth();
        }
    }

    /** How far the page is wider than the viewport, in CSS pixels (0: nothing to scroll sideways). */
    public long horizontalOverflow() {
        return (Long) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    }

    /** Form controls on the page that no label names (neither a label element nor aria-label/-labelledby). */
    @SuppressWarnings("unchecked")
    public List<String> unlabelledControls() {
        return (List<String>) driver.executeScript("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(e => e.type !== 'hidden' && !e.labels?.length && !e.getAttribute('aria-label')
                               && !e.getAttribute('aria-labelledby'))
                  .map(e => e.outerHTML.slice(0, 120));""");
    }

    /** The text of the whole page, for failure messages. */
    public String pageText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Where files the page downloads land (shared by the browsers of one build: use distinct names). */
    public Path downloads() {
        return DOWNLOADS;
    }

    /** Waits until {@code filename} is fully downloaded (no Chromium partial file left); returns its path. */
    public Path awaitDownload(String filename) {
        Path file = DOWNLOADS.resolve(filename);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file) && !Files.exists(DOWNLOADS.resolve(filename + ".crdownload"))) {
                return file;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new TimeoutException("no download " + filename + " in " + DOWNLOADS + " after " + WAIT
                + "; it holds " + list(DOWNLOADS));
    }

    private static List<String> list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
