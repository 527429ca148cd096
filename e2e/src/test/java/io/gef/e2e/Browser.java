package io.gef.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
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
    private static final Duration WAIT = Duration.ofSeconds(20);

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

    /** The first element matching {@code css} once it is visible. */
    public WebElement waitFor(String css) {
        return wait.withMessage(() -> "no visible " + css + " on " + driver.getCurrentUrl())
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** The first element matching {@code css} once its text contains {@code text}. */
    public WebElement waitFor(String css, String text) {
        wait.withMessage(() -> "no " + css + " containing '" + text + "' on " + driver.getCurrentUrl()
                        + "; the page says: " + pageText())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElements(By.cssSelector(css)).stream().filter(e -> e.getText().contains(text))
                .findFirst().orElseThrow();
    }

    private String pageText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Saves a PNG of the viewport as {@code target/screenshots/<name>.png}; returns its path. */
    public Path screenshot(String name) {
        Path png = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), png, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save screenshot " + png, e);
        }
        return png;
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
