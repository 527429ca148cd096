package io.gef.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.testing.GefServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Smoke test of the e2e harness: a real server (real engine and registry) with a published service, the GUI shell
 * in real headless Chromium, signed in with a plain user's token.
 */
class GuiShellIT {
    @TempDir
    static Path data;
    static GefServer server;
    static String base;
    static String user;

    @BeforeAll
    static void start() throws Exception {
        server = new GefServer(data);
        server.publishExample("sh");
        user = server.newUser("erin");
        base = "http://127.0.0.1:" + server.gef.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void signIn_withAUsersToken_showsTheServicesCatalog() {
        try (Browser browser = Browser.start()) {
            browser.open(base + "/");
            browser.waitFor("#tok").sendKeys(user);
            browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
            browser.waitFor("h2", "Services");
            browser.waitFor("li strong", "sh");
            assertThat(browser.driver().findElement(By.id("nav")).getText()).contains("Sign out");
            Path png = browser.screenshot("gui-shell-services");
            assertThat(png).isNotEmptyFile();
        }
    }

    @Test
    void aFileThePageDownloads_viaFetchBlobAndLink_landsInTheDownloadDir() throws Exception {
        String name = "health-" + System.nanoTime() + ".json";
        try (Browser browser = Browser.start()) {
            browser.open(base + "/");
            browser.waitFor("#tok");
            // the GUI's way of downloading: fetch -> blob -> object URL -> click on <a download>
            browser.driver().executeScript("""
                    const r = await fetch('/api/health');
                    const url = URL.createObjectURL(await r.blob());
                    const a = Object.assign(document.createElement('a'), {href: url, download: arguments[0]});
                    document.body.append(a);
                    a.click();
                    """.replace("const r = await", "return (async () => { const r = await")
                    .replace("a.click();\n", "a.click(); })();\n"), name);
            Path file = browser.awaitDownload(name);
            assertThat(Files.readString(file)).contains("\"engines\"");
        }
    }
}
