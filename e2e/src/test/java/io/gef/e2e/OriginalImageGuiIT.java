package io.gef.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.GefServer;
import io.gef.testing.RemappedEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * An image shaped like the original EUDAT GEF's CDO Demo (display names, 1-based numbering, root, ENTRYPOINT
 * script relative to WORKDIR), run from the GUI's run form on a user-namespace-remapping engine: the form shows
 * the display names and sends the ids.
 */
class OriginalImageGuiIT {
    @TempDir
    static Path data;
    static GefServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        server = new GefServer(data, Map.of("gef.docker.host", RemappedEngine.host()));
        JsonNode b = server.publishExample("cdo-demo");
        assertThat(b.path("outcome").asText()).as(b.toString()).isEqualTo("PUBLISHED");
        base = "http://127.0.0.1:" + server.gef.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void runForm_showsDisplayNames_sendsIds_andTheOriginalImageCompletes(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("day1.txt"), "1\n2\n3\n");
        try (Browser b = Browser.start()) {
            b.signIn(base, server.admin);
            assertThat(b.waitFor("#service-list").getText()).as("catalog").contains("CDO Demo")
                    .contains("Input Directory");
            b.open(base + "/#/services/cdo-demo");
            assertThat(b.waitFor("h2").getText()).contains("CDO Demo").contains("id cdo-demo");
            assertThat(b.waitFor("#run-form legend").getText()).isEqualTo("Input “Input Directory” (url, mounted"
                    + " read-only at /input)");
            new Select(b.waitFor("#input-input-directory-kind")).selectByValue("upload");
            b.waitFor("#input-input-directory-file").sendKeys(file.toString());
            assertThat(b.driver().findElement(By.id("run-submit")).getText()).isEqualTo("Run CDO Demo");
            b.driver().findElement(By.id("run-submit")).click();
            b.waitFor("#job-state", "COMPLETE");
            b.screenshot("20-original-image-complete");
            String job = b.driver().getCurrentUrl().replaceFirst("^[^#]*#", "").split("[/?]")[2];
            JsonNode j = server.api.get("/api/jobs/" + job, server.admin).json();
            assertThat(j.path("inputs").get(0).path("name").asText()).as("the id was sent")
                    .isEqualTo("input-directory");
            assertThat(new String(server.download(server.admin, j.path("outputs").get(0).path("volumeId").asText(),
                    "lwp_sum.txt"))).isEqualTo("day1.txt 6\n");
        }
    }
}
