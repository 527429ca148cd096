package io.gef.tes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GA4GH TES v1.1 against a real server, engine and registry, derived from the specification
 * (../shared/spec/ga4gh-tes-1.1.openapi.yaml): field names, views, paging, filters, cancel, errors; executors in
 * order with ignore_error; {@code echo hello} in image {@code alpine} (the busybox base image mirrored as
 * library/alpine through the server's own mirror endpoint) with provenance verified by the native API.
 */
class TesIT {
    static final String TES = "/ga4gh/tes/v1";
    @TempDir
    static Path data;
    static GefServer server;
    static Api api;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        // one running job per user, so a user's second task stays QUEUED while the first runs
        java.nio.file.Files.createDirectories(data.resolve("allowed"));
        server = new GefServer(data, Map.of("gef.jobs.max-running-per-user", "1", "gef.tes.allowed-dirs",
                data.resolve("allowed").toString()));
        api = server.api;
        admin = server.admin;
        Process save = new ProcessBuilder("docker", "save", GefServer.REGISTRY + "/gef/base:1")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] tar = save.getInputStream().readAllBytes();
        assertThat(save.waitFor()).as("docker save of the base image").isZero();
        Api.Response m = api.send(api.builder("/api/admin/images/mirror?name=alpine", admin)
                .POST(HttpRequest.BodyPublishers.ofByteArray(tar)));
        assertThat(m.status()).as(m.body()).isEqualTo(201);
        assertThat(m.json().path("pinned").asText()).startsWith(GefServer.REGISTRY + "/library/alpine@sha256:");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, Object> exec(Object... command) {
        return Map.of("image", "alpine", "command", List.of(command));
    }

    static String create(String token, Map<String, Object> task) {
        Api.Response r = api.post(TES + "/tasks", token, task);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().size()).as("tesCreateTaskResponse holds only id").isEqualTo(1);
        return r.json().path("id").asText();
    }

    static JsonNode await(String token, String id) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonNode t = api.get(TES + "/tasks/" + id, token).json();
            if (Set.of("COMPLETE", "EXECUTOR_ERROR", "SYSTEM_ERROR", "CANCELED").contains(t.path("state").asText())) {
                return api.get(TES + "/tasks/" + id + "?view=FULL", token).json();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task " + id + " did not end");
    }

    static JsonNode awaitState(String token, String id, String state) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonNode t = api.get(TES + "/tasks/" + id, token).json();
            if (t.path("state").asText().equals(state)) {
                return t;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task " + id + " never reached " + state);
    }

    static Set<String> fields(JsonNode n) {
        Set<String> s = new HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    @Test
    void serviceInfo_isReadableWithoutAToken_andNamesTes11() {
        Api.Response r = api.get(TES + "/service-info", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("type").path("group").asText()).isEqualTo("org.ga4gh");
        assertThat(r.json().path("type").path("artifact").asText()).isEqualTo("tes");
        assertThat(r.json().path("type").path("version").asText()).isEqualTo("1.1.0");
        assertThat(fields(r.json())).contains("id", "name", "organization", "version", "storage",
                "tesResources_backend_parameters");
    }

    @Test
    void tasks_withoutAToken_are401WithAJsonBody() {
        Api.Response r = api.get(TES + "/tasks", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().path("error").asText()).isNotEmpty();
        assertThat(api.post(TES + "/tasks", null, Map.of("executors", List.of(exec("true")))).status())
                .isEqualTo(401);
    }

    @Test
    void echoHelloInAlpine_fullViewHasStdoutHello_andTheSignedProvenanceVerifies() throws Exception {
        String id = create(admin, Map.of("name", "hello", "executors", List.of(exec("echo", "hello"))));
        JsonNode t = await(admin, id);
        assertThat(t.path("state").asText()).as(t.toString()).isEqualTo("COMPLETE");
        JsonNode log = t.path("logs").get(0);
        assertThat(fields(log)).contains("logs", "outputs", "start_time", "end_time", "metadata", "system_logs");
        JsonNode exec = log.path("logs").get(0);
        assertThat(exec.path("stdout").asText()).isEqualTo("hello\n");
        assertThat(exec.path("exit_code").asInt()).isZero();
        assertThat(fields(exec)).contains("start_time", "end_time", "stdout", "stderr", "exit_code");
        assertThat(t.path("creation_time").asText()).isNotEmpty();
        JsonNode job = api.get("/api/jobs/" + id, admin).json();
        assertThat(job.path("serviceName").asText()).as("the native job of the task").isEqualTo("tes");
        assertThat(job.path("image").asText()).startsWith(GefServer.REGISTRY + "/library/alpine@sha256:");
        JsonNode envelope = server.provenance(admin, id);
        JsonNode verified = api.post("/api/provenance/verify", admin, envelope).json();
        assertThat(verified.path("signatureValid").asBoolean()).as(verified.toString()).isTrue();
    }

    @Test
    void views_minimalHasIdAndStateOnly_basicDropsOutputsOfExecutorsAndContent_fullHasAll() throws Exception {
        String id = create(admin, Map.of("name", "views", "description", "d",
                "inputs", List.of(Map.of("path", "/data/in.txt", "content", "abc\n")),
                "outputs", List.of(Map.of("path", "/out/r.txt", "url", "gef://volumes/out/r.txt")),
                "executors", List.of(Map.of("image", "alpine", "command", List.of("cat", "/data/in.txt"),
                        "stdout", "/out/r.txt")), "tags", Map.of("k", "v")));
        JsonNode full = await(admin, id);
        assertThat(full.path("state").asText()).as(full.toString()).isEqualTo("COMPLETE");
        assertThat(fields(api.get(TES + "/tasks/" + id, admin).json())).containsExactlyInAnyOrder("id", "state");
        assertThat(fields(api.get(TES + "/tasks/" + id + "?view=MINIMAL", admin).json()))
                .containsExactlyInAnyOrder("id", "state");
        JsonNode basic = api.get(TES + "/tasks/" + id + "?view=BASIC", admin).json();
        assertThat(fields(basic)).contains("id", "state", "name", "description", "inputs", "outputs", "executors",
                "tags", "logs", "creation_time");
        assertThat(basic.path("inputs").get(0).has("content")).isFalse();
        assertThat(basic.path("logs").get(0).has("system_logs")).isFalse();
        assertThat(basic.path("logs").get(0).path("logs").get(0).has("stdout")).isFalse();
        assertThat(basic.path("logs").get(0).path("logs").get(0).has("stderr")).isFalse();
        assertThat(full.path("inputs").get(0).path("content").asText()).isEqualTo("abc\n");
        assertThat(full.path("logs").get(0).path("logs").get(0).path("stdout").asText()).isEqualTo("abc\n");
        JsonNode out = full.path("logs").get(0).path("outputs").get(0);
        assertThat(out.path("path").asText()).isEqualTo("/out/r.txt");
        assertThat(out.path("size_bytes").isTextual()).as("size_bytes is an int64 string").isTrue();
        assertThat(out.path("size_bytes").asText()).isEqualTo("4");
        String url = out.path("url").asText();
        assertThat(url).startsWith("gef://volumes/");
        String[] parts = url.substring("gef://volumes/".length()).split("/", 2);
        assertThat(new String(server.download(admin, parts[0], parts[1]), StandardCharsets.UTF_8)).isEqualTo("abc\n");
        assertThat(api.get(TES + "/tasks/" + id + "?view=HUGE", admin).status()).isEqualTo(400);
    }

    @Test
    void fileInputsAreMountedFromAllowedFolders_andFileOutputsAreCopiedBeforeComplete() throws Exception {
        Path allowed = data.resolve("allowed");
        java.nio.file.Files.writeString(allowed.resolve("in.txt"), "from the host\n");
        String in = allowed.resolve("in.txt").toUri().toString();
        String res = allowed.resolve("res").toUri().toString().replaceFirst("/$", "");
        String id = create(admin, Map.of("inputs", List.of(Map.of("path", "/in/a.txt", "url", in)),
                "outputs", List.of(Map.of("path", "/out/copy.txt", "url", res + "/copy.txt"),
                        Map.of("path", "/out/d", "url", res + "/d", "type", "DIRECTORY"),
                        Map.of("path", "/out/*.txt", "path_prefix", "/out", "url", "gef://volumes/glob")),
                "executors", List.of(exec("sh", "-c", "cat /in/a.txt > /out/copy.txt && mkdir /out/d"
                        + " && echo y > /out/d/y.txt && echo z > /out/z.txt"))));
        JsonNode t = await(admin, id);
        assertThat(t.path("state").asText()).as(t.toString()).isEqualTo("COMPLETE");
        assertThat(java.nio.file.Files.readString(allowed.resolve("res/copy.txt"))).isEqualTo("from the host\n");
        assertThat(java.nio.file.Files.readString(allowed.resolve("res/d/y.txt"))).isEqualTo("y\n");
        List<String> urls = new ArrayList<>();
        t.path("logs").get(0).path("outputs").forEach(o -> urls.add(o.path("url").asText() + " "
                + o.path("path").asText() + " " + o.path("size_bytes").asText()));
        assertThat(urls).contains(res + "/copy.txt /out/copy.txt 14", res + "/d/y.txt /out/d/y.txt 2");
        assertThat(urls).anyMatch(u -> u.startsWith("gef://volumes/") && u.endsWith("/z.txt /out/z.txt 2"));
        assertThat(urls).noneMatch(u -> u.contains("gef://") && u.contains("/d/y.txt"));
        Api.Response outside = api.post(TES + "/tasks", admin, Map.of("inputs", List.of(Map.of("path", "/in/p",
                "url", "file:///etc/passwd")), "executors", List.of(exec("true"))));
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.json().path("message").asText()).contains("gef.tes.allowed-dirs");
    }

    @Test
    void firstExecutorFailing_withIgnoreError_bothRunAndComplete_withoutIt_executorErrorAfterTheFirst()
            throws Exception {
        Map<String, Object> failing = Map.of("image", "alpine", "command", List.of("sh", "-c", "exit 1"),
                "ignore_error", true);
        String ignored = create(admin, Map.of("executors", List.of(failing, exec("echo", "second"))));
        JsonNode t = await(admin, ignored);
        assertThat(t.path("state").asText()).as(t.toString()).isEqualTo("COMPLETE");
        JsonNode logs = t.path("logs").get(0).path("logs");
        assertThat(logs.size()).isEqualTo(2);
        assertThat(logs.get(0).path("exit_code").asInt()).isEqualTo(1);
        assertThat(logs.get(1).path("exit_code").asInt()).isZero();
        assertThat(logs.get(1).path("stdout").asText()).isEqualTo("second\n");

        Map<String, Object> strict = Map.of("image", "alpine", "command", List.of("sh", "-c", "exit 1"));
        String stopped = create(admin, Map.of("executors", List.of(strict, exec("echo", "second"))));
        JsonNode s = await(admin, stopped);
        assertThat(s.path("state").asText()).as(s.toString()).isEqualTo("EXECUTOR_ERROR");
        assertThat(s.path("logs").get(0).path("logs").size()).as("the second executor never ran").isEqualTo(1);
    }

    @Test
    void paging_fiveTasksByTwo_newestFirst_withOpaqueTokens() {
        String prefix = "page-" + UUID.randomUUID() + "-";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(admin, Map.of("name", prefix + i, "executors", List.of(exec("true")))));
        }
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = api.get(TES + "/tasks?name_prefix=" + prefix + "&page_size=2"
                    + (token == null ? "" : "&page_token=" + token), admin).json();
            sizes.add(page.path("tasks").size());
            page.path("tasks").forEach(t -> {
                assertThat(fields(t)).containsExactlyInAnyOrder("id", "state");
                seen.add(t.path("id").asText());
            });
            token = page.has("next_page_token") ? page.path("next_page_token").asText() : null;
        } while (token != null);
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).containsExactlyElementsOf(ids.reversed());
        JsonNode basic = api.get(TES + "/tasks?name_prefix=" + prefix + "&view=BASIC&page_size=1", admin).json();
        assertThat(basic.path("tasks").get(0).path("name").asText()).isEqualTo(prefix + 4);
        assertThat(api.get(TES + "/tasks?page_size=2048", admin).status()).isEqualTo(400);
        assertThat(api.get(TES + "/tasks?page_token=nonsense", admin).status()).isEqualTo(400);
    }

    @Test
    void filters_namePrefix_state_andTagPairsInOrder() throws Exception {
        String p = "filter-" + UUID.randomUUID() + "-";
        String a = create(admin, Map.of("name", p + "a", "tags", Map.of("a", "1", "b", "2"),
                "executors", List.of(exec("true"))));
        String b = create(admin, Map.of("name", p + "b", "tags", Map.of("a", "1", "b", "3"),
                "executors", List.of(exec("true"))));
        String c = create(admin, Map.of("name", p + "c", "tags", Map.of("a", "2"),
                "executors", List.of(exec("sh", "-c", "exit 3"))));
        List.of(a, b, c).forEach(id -> {
            try {
                await(admin, id);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(ids("name_prefix=" + p)).containsExactly(c, b, a);
        assertThat(ids("name_prefix=" + p + "b")).containsExactly(b);
        assertThat(ids("name_prefix=" + p + "&state=COMPLETE")).containsExactly(b, a);
        assertThat(ids("name_prefix=" + p + "&state=EXECUTOR_ERROR")).containsExactly(c);
        assertThat(ids("name_prefix=" + p + "&state=PAUSED")).isEmpty();
        assertThat(ids("name_prefix=" + p + "&tag_key=a&tag_value=1")).containsExactly(b, a);
        assertThat(ids("name_prefix=" + p + "&tag_key=a&tag_value=1&tag_key=b&tag_value=3")).containsExactly(b);
        assertThat(ids("name_prefix=" + p + "&tag_key=b")).as("a key without value: any value")
                .containsExactly(b, a);
        assertThat(ids("name_prefix=" + p + "&tag_key=b&tag_value=")).containsExactly(b, a);
        assertThat(ids("name_prefix=" + p + "&tag_key=a&tag_value=2&tag_key=b")).isEmpty();
        assertThat(api.get(TES + "/tasks?state=SLEEPING", admin).status()).isEqualTo(400);
    }

    static List<String> ids(String query) {
        Api.Response r = api.get(TES + "/tasks?" + query, admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().path("tasks").forEach(t -> out.add(t.path("id").asText()));
        return out;
    }

    @Test
    void cancel_ofAQueuedAndOfARunningTask_endsBothCanceled() throws Exception {
        String user = server.newUser("canceler-" + UUID.randomUUID().toString().substring(0, 6));
        String running = create(user, Map.of("executors", List.of(exec("sleep", "300"))));
        awaitState(user, running, "RUNNING");
        String queued = create(user, Map.of("executors", List.of(exec("sleep", "300"))));
        assertThat(api.get(TES + "/tasks/" + queued, user).json().path("state").asText()).isEqualTo("QUEUED");
        Api.Response c = api.post(TES + "/tasks/" + queued + ":cancel", user, "");
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        assertThat(c.json().isObject()).isTrue();
        awaitState(user, queued, "CANCELED");
        assertThat(api.post(TES + "/tasks/" + running + ":cancel", user, "").status()).isEqualTo(200);
        awaitState(user, running, "CANCELED");
        assertThat(api.get(TES + "/tasks/" + running, admin).json().path("state").asText()).isEqualTo("CANCELED");
        assertThat(api.get(TES + "/tasks/" + running, server.newUser("other-" + UUID.randomUUID().toString()
                .substring(0, 6))).status()).as("another user's task is not found").isEqualTo(404);
    }

    @Test
    void strictBackendParameters_withAnUnknownKey_are400_andNotStrictAreIgnored() {
        Map<String, Object> res = Map.of("backend_parameters", Map.of("VmSize", "Standard_D64_v3"),
                "backend_parameters_strict", true);
        Api.Response r = api.post(TES + "/tasks", admin, Map.of("resources", res, "executors",
                List.of(exec("true"))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).contains("VmSize");
        Map<String, Object> lax = Map.of("backend_parameters", Map.of("VmSize", "x"), "cpu_cores", 1, "ram_gb", 0.5);
        assertThat(api.post(TES + "/tasks", admin, Map.of("resources", lax, "executors", List.of(exec("true"))))
                .status()).isEqualTo(200);
    }

    @Test
    void unknownIds_are404WithAJsonBody_andBadTasks400() {
        Api.Response get = api.get(TES + "/tasks/job-doesnotexist", admin);
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.json().path("error").asText()).isNotEmpty();
        assertThat(api.post(TES + "/tasks/job-doesnotexist:cancel", admin, "").status()).isEqualTo(404);
        assertThat(api.post(TES + "/tasks", admin, Map.of("executors", List.of())).status()).isEqualTo(400);
        assertThat(api.post(TES + "/tasks", admin, Map.of("executors", List.of(Map.of("image", "alpine"))))
                .status()).as("command is required").isEqualTo(400);
        Api.Response unmirrored = api.post(TES + "/tasks", admin, Map.of("executors",
                List.of(Map.of("image", "ubuntu:22.04", "command", List.of("true")))));
        assertThat(unmirrored.status()).isEqualTo(400);
        assertThat(unmirrored.json().path("message").asText()).contains("mirror");
        assertThat(api.post(TES + "/tasks", admin, Map.of("executors", List.of(Map.of("image", "quay.io/x/y",
                "command", List.of("true"))))).status()).isEqualTo(400);
    }
}
