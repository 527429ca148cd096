package io.gef.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gef.testing.Api;
import io.gef.testing.GefServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI, driven in-process, against a real server with the published wordcount service, as a non-admin user
 * who signed in with a personal token ({@code POST /api/tokens}): the auth issue's "the CLI works with a personal
 * token".
 */
class CliIT {
    private static final Pattern JOB_ID = Pattern.compile("job-[0-9a-zA-Z-]+");
    @TempDir
    static Path data;
    static GefServer server;
    static Path home;
    static String bobJob;

    /** What one command did. */
    record Result(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new GefServer(data.resolve("server"));
        JsonNode b = server.publish(GefServer.context(GefServer.REPO.resolve("service-images/wordcount")));
        assertThat(b.path("state").asText()).as(b.toString()).isEqualTo("SUCCEEDED");
        String first = server.api.post("/api/users", server.admin, Map.of("name", "alice", "roles",
                java.util.List.of("user"))).json().path("token").asText();
        Api.Response personal = server.api.post("/api/tokens", first, Map.of("name", "cli test", "expiresInDays", 1));
        assertThat(personal.status()).as(personal.body()).isEqualTo(201);
        home = Files.createDirectories(data.resolve("home"));
        Path tokenFile = home.resolve("alice.token");
        Files.writeString(tokenFile, personal.json().path("token").asText() + "\n");

        Result login = cli(Map.of(), "login", "--token-file", tokenFile.toString());
        assertThat(login.exit()).as(login.all()).isZero();
        assertThat(login.err()).as("login names the user").contains("alice");

        String bob = server.api.post("/api/users", server.admin, Map.of("name", "bob")).json().path("token")
                .asText();
        Api.Response job = server.api.post("/api/jobs", bob, Map.of("service", "wordcount", "inputs",
                Map.of("text", Map.of("content", "bob's words"))));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        bobJob = job.json().path("id").asText();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Runs one command with GEF_URL at the test server, a private home, and {@code extraEnv}. */
    static Result cli(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("GEF_URL", "http://127.0.0.1:" + server.gef.port()));
        env.putAll(extraEnv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CliEnv cliEnv = new CliEnv(Map.copyOf(env), home, home, new ByteArrayInputStream(new byte[0]), o, e);
            int exit = Cli.commandLine(cliEnv).execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    static Result cli(String... args) {
        return cli(Map.of(), args);
    }

    @Test
    void pipelineRun_followsTheDiamondFromYaml_thenShowListAndReplayWithItsVerdict() throws Exception {
        server.publishExample("sh");
        server.publishExample("sh2");
        Path yaml = GefServer.REPO.resolve("docs/examples/diamond.yaml");
        Result run = cli(Map.of(), "pipeline", "run", yaml.toString(), "--follow");
        assertThat(run.exit()).as(run.all()).isZero();
        Matcher m = Pattern.compile("(pl-[0-9a-f]+) COMPLETE diamond").matcher(run.out());
        assertThat(m.find()).as(run.all()).isTrue();
        String id = m.group(1);
        assertThat(run.out()).contains("merge COMPLETE job job-", "  countA: SUBMITTED");
        assertThat(cli(Map.of(), "pipeline", "list").out()).contains(id, "COMPLETE");
        Result show = cli(Map.of(), "pipeline", "show", id);
        assertThat(show.out()).contains("split COMPLETE", "out=vol-");
        Result replay = cli(Map.of(), "pipeline", "replay", id, "--follow");
        assertThat(replay.exit()).as(replay.all()).isZero();
        assertThat(replay.out()).contains("verdict: reproducible");
        Result bad = cli(Map.of(), "pipeline", "run", data.resolve("missing.yaml").toString());
        assertThat(bad.exit()).as(bad.all()).isEqualTo(2);
    }

    @Test
    void whoami_withTheSavedPersonalToken_showsTheUser() throws Exception {
        Result r = cli("whoami");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).as("the user and role").contains("alice").contains("roles: user");
        assertThat(Files.readString(home.resolve(".config/gef/token")).strip()).as("login saved the token")
                .startsWith("eyJ");
    }

    @Test
    void uploadRunWithFollow_andDownloadTheOutputs_givesWhatTheJobProduced() throws Exception {
        Path dir = Files.createDirectories(data.resolve("texts/sub"));
        Files.writeString(dir.getParent().resolve("a.txt"), "move the tools\n");
        Files.writeString(dir.resolve("b.txt"), "not the data\nat all\n");
        Result created = cli("volumes", "create", "texts");
        assertThat(created.exit()).as(created.all()).isZero();
        String vol = created.out().strip();
        Result up = cli("volumes", "upload", vol, dir.getParent().toString());
        assertThat(up.exit()).as(up.all()).isZero();
        assertThat(up.out()).as("each file at its relative path").contains("a.txt").contains("sub/b.txt");

        Result run = cli("run", "wordcount", "--input", "text=vol:" + vol, "--name", "cli", "--follow");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).as("the job's log line, then its final state").contains("counted 2 file(s)")
                .containsPattern("job-\\S+ COMPLETE");
        Matcher m = JOB_ID.matcher(run.err());
        assertThat(m.find()).as("the job id on stderr: " + run.err()).isTrue();
        String id = m.group();

        Path target = data.resolve("download");
        Result outputs = cli("outputs", id, "--download", target.toString());
        assertThat(outputs.exit()).as(outputs.all()).isZero();
        JsonNode job = server.api.get("/api/jobs/" + id, Files.readString(home.resolve(".config/gef/token")).strip())
                .json();
        String outVol = job.path("outputs").path(0).path("volumeId").asText();
        byte[] produced = server.download(server.admin, outVol, "counts.json");
        assertThat(Files.readAllBytes(target.resolve("counts/counts.json"))).as("downloaded = produced")
                .isEqualTo(produced);
        assertThat(new String(produced, StandardCharsets.UTF_8)).as("what wordcount counted")
                .contains("\"path\":\"sub/b.txt\",\"lines\":2,\"words\":5");

        Result zip = cli("volumes", "download", vol, "sub", "-o", data.resolve("sub.zip").toString());
        assertThat(zip.exit()).as(zip.all()).isZero();
        assertThat(Files.readAllBytes(data.resolve("sub.zip"))).as("a folder comes as a zip").startsWith('P', 'K');
    }

    @Test
    void runWithALocalFile_uploadsItFirst_andWaitReportsTheState() throws Exception {
        Path file = Files.writeString(data.resolve("local.txt"), "one two three\n");
        Result r = cli("run", "wordcount", "--input", "text=@" + file, "--wait");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.err()).as("uploaded into a new volume").contains("uploaded 1 file(s)");
        assertThat(r.out()).as("final state").containsPattern("job-\\S+ COMPLETE");
    }

    @Test
    void anotherUsersJob_answersExit1WithTheServersNotFound() {
        Result r = cli("job", bobJob);
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).as("the server's message and code, no stack trace")
                .startsWith("error: ").contains("no job " + bobJob).contains("(job_not_found)")
                .doesNotContain("Exception");
    }

    @Test
    void aParameterTheServiceDoesNotDeclare_isTheServers400_exit1NamingIt() {
        Result r = cli("run", "wordcount", "--input", "text=text:hello", "--param", "nope=1");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).as("names the field").contains("parameters.nope");
    }

    @Test
    void aRevokedPersonalToken_exits3NamingTheToken_andHintsAtLogin() {
        Result created = cli("tokens", "create", "--name", "short lived", "--days", "1");
        assertThat(created.exit()).as(created.all()).isZero();
        String token = created.out().strip();
        assertThat(token).as("the token alone on stdout").startsWith("eyJ").doesNotContain("\n");
        Matcher m = Pattern.compile("tok-[0-9a-f]+").matcher(created.err());
        assertThat(m.find()).as("its id on stderr: " + created.err()).isTrue();
        String tokenId = m.group();
        Map<String, String> useIt = Map.of("GEF_TOKEN", token);
        assertThat(cli(useIt, "whoami").out()).as("works before").contains("alice");

        Result revoke = cli("tokens", "revoke", tokenId);
        assertThat(revoke.exit()).as(revoke.all()).isZero();
        Result after = cli(useIt, "whoami");
        assertThat(after.exit()).as(after.all()).isEqualTo(3);
        assertThat(after.err()).as("which token, why, and what to do").contains(tokenId).contains("GEF_TOKEN")
                .contains("revoked").contains("gef login");
        assertThat(cli("whoami").exit()).as("the saved token is still fine").isZero();
    }

    @Test
    void anUnreachableServer_exits1WithAClearMessage() {
        Result r = cli(Map.of("GEF_URL", "http://127.0.0.1:1"), "whoami");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).as("says what it tried").contains("cannot reach the GEF server at http://127.0.0.1:1")
                .doesNotContain("\tat ");
    }

    @Test
    void aMisspelledOption_isAUsageError_exit2() {
        Result r = cli("run", "wordcount", "--inptu", "x");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
    }
}
