package io.gef.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gef.testing.Api;
import io.gef.testing.Diamond;
import io.gef.testing.GefServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** Issue #20 in the browser: the pipeline's graph with each step's live state and a link to its job. */
class PipelineGuiIT {
    @TempDir
    static Path data;
    static GefServer server;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        server = new GefServer(data);
        server.publishExample("sh");
        server.publishExample("sh2");
        token = server.newUser("pia");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pipelinePage_drawsTheGraph_stepStatesChangeLive_andStepsLinkToTheirJobs() throws Exception {
        try (Browser b = Browser.start()) {
            b.open("http://127.0.0.1:" + server.gef.port() + "/");
            b.waitFor("#token").sendKeys(token + Keys.ENTER);
            b.waitFor("#service-list");
            // submitted once the browser is ready, so that the page opens while countA still runs (its 5 s sleep)
            Api.Response r = server.api.post("/api/pipelines", token, Diamond.request("gui diamond", 5, null));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().path("id").asText();
            b.driver().findElement(By.linkText("Pipelines")).click();
            b.waitFor("tr[data-pipeline='" + id + "'] a").click();
            b.waitFor("#pipeline-graph svg");
            b.driver().executeScript("""
                    window.__noReload = true;
                    window.__seen = [document.querySelector('g[data-step="countA"] text + text')?.textContent];
                    new MutationObserver(() => {
                      const t = document.querySelector('g[data-step="countA"] text + text')?.textContent;
                      if (t && window.__seen.at(-1) !== t) window.__seen.push(t);
                    }).observe(document.body, {subtree: true, childList: true, characterData: true});""");
            b.waitFor("#pipeline-state", "COMPLETE");
            List<WebElement> boxes = b.driver().findElements(By.cssSelector("#pipeline-graph g[data-step]"));
            assertThat(boxes).as("one box per step").hasSize(4);
            assertThat(b.driver().findElements(By.cssSelector("#pipeline-graph line"))).as("one edge per input")
                    .hasSize(4);
            assertThat(b.driver().executeScript("return window.__noReload === true")).isEqualTo(true);
            @SuppressWarnings("unchecked")
            List<String> seen = (List<String>) b.driver().executeScript("return window.__seen");
            assertThat(seen).as("countA's states: when the page opened, then as the stream delivered them")
                    .hasSizeGreaterThanOrEqualTo(2).last().isEqualTo("COMPLETE");
            b.screenshot("pipeline-graph");
            assertThat(b.waitFor("h2").getText()).as("the pipeline's name, not its id").isEqualTo("Pipeline “gui diamond”");
            b.shootEveryWay("pipeline", (width, dark) -> {
                b.waitFor("#pipeline-graph svg");
                Number w = (Number) b.driver().executeScript(
                        "return document.querySelector('#pipeline-graph svg').getBoundingClientRect().width");
                if (width == 400) {
                    assertThat(w.doubleValue()).as("the graph runs top to bottom on a narrow screen").isLessThan(380);
                }
            });
            b.open("http://127.0.0.1:" + server.gef.port() + "/#/pipelines");
            b.shootEveryWay("pipelines", (width, dark) -> b.waitFor("tr[data-pipeline='" + id + "']"));
            b.open("http://127.0.0.1:" + server.gef.port() + "/#/pipelines/" + id);
            b.waitFor("#pipeline-state", "COMPLETE");
            String job = server.api.get("/api/pipelines/" + id, token).json().path("steps").get(0).path("jobId")
                    .asText();
            b.driver().findElement(By.cssSelector("#pipeline-steps a[href='#/jobs/" + job + "']")).click();
            b.waitFor("#job-state", "COMPLETE");
            assertThat(b.driver().getCurrentUrl()).endsWith("#/jobs/" + job);
        }
    }
}
