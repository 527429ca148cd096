package io.gef.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.testing.GefServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Acceptance 2 of #21, the GUI's part: the API reference page renders the server's own OpenAPI document with
 * Swagger UI served by GEF (no CDN, no inline script) in headless Chromium, with no console error, and the GUI
 * links to it.
 */
class ApiDocsPageIT {
    @TempDir
    Path data;

    @Test
    void apiReferencePage_rendersTheDocument_withNoConsoleError() {
        try (GefServer server = new GefServer(data); Browser b = Browser.start()) {
            String base = "http://127.0.0.1:" + server.gef.port();
            b.open(base + "/#/signin"); // an empty catalog: Browser.signIn would wait for a service list
            b.waitFor("#token").sendKeys(server.admin);
            b.driver().findElement(By.id("signin")).click();
            b.waitFor("#nav-api");
            b.consoleErrors(); // the GUI's own page (its favicon) is not under test here
            b.driver().findElement(By.id("nav-api")).click();
            assertThat(b.waitFor(".swagger-ui .info .title").getText()).contains("GEF");
            b.waitFor(".opblock-tag-section");
            assertThat(b.driver().findElements(By.cssSelector(".opblock"))).as("operations listed")
                    .hasSizeGreaterThan(40);
            assertThat(b.driver().findElements(By.cssSelector("[data-path='/api/jobs/{id}/provenance']")))
                    .as("a documented route").isNotEmpty();
            b.screenshot("90-api-reference");
            assertThat(b.consoleErrors()).as("console errors on the API page").isEmpty();
        }
    }
}
