package io.gef.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenTest {
    @TempDir
    Path home;

    private CliEnv env(Map<String, String> vars) {
        PrintStream sink = new PrintStream(PrintStream.nullOutputStream());
        return new CliEnv(vars, home, home, new ByteArrayInputStream(new byte[0]), sink, sink);
    }

    private Path write(String name, String content) throws Exception {
        Path p = home.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void theTokenFileGivenOnTheCommandLine_winsOverTheEnvironmentAndTheSavedToken() throws Exception {
        Path file = write("file.token", "  from-file\n");
        CliEnv env = env(Map.of("GEF_TOKEN", "from-env"));
        SavedToken.save(env.savedTokenFile(), "saved");
        assertThat(Token.resolve(env, file).value()).as("--token-file first, read without its newline")
                .isEqualTo("from-file");
    }

    @Test
    void theEnvironmentVariable_winsOverTheSavedToken_unlessBlank() throws Exception {
        CliEnv env = env(Map.of("GEF_TOKEN", "from-env"));
        SavedToken.save(env.savedTokenFile(), "saved");
        assertThat(Token.resolve(env, null)).as("GEF_TOKEN before the saved token")
                .isEqualTo(new Token("from-env", "GEF_TOKEN"));
        CliEnv blank = env(Map.of("GEF_TOKEN", " "));
        SavedToken.save(blank.savedTokenFile(), "saved");
        assertThat(Token.resolve(blank, null).value()).as("a blank GEF_TOKEN is no token").isEqualTo("saved");
    }

    @Test
    void theSavedToken_isUsedLast_fromXdgConfigHomeWhenSet() throws Exception {
        Map<String, String> vars = new HashMap<>();
        assertThat(env(vars).savedTokenFile()).as("default place").isEqualTo(home.resolve(".config/gef/token"));
        vars.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        CliEnv env = env(vars);
        assertThat(env.savedTokenFile()).as("XDG place").isEqualTo(home.resolve("xdg/gef/token"));
        SavedToken.save(env.savedTokenFile(), "saved");
        assertThat(Token.resolve(env, null).value()).as("saved token").isEqualTo("saved");
    }

    @Test
    void theSavedToken_isMode600_inADirectoryOfMode700() throws Exception {
        CliEnv env = env(Map.of());
        SavedToken.save(env.savedTokenFile(), "secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env.savedTokenFile())))
                .as("file mode").isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env.savedTokenFile().getParent())))
                .as("directory mode").isEqualTo("rwx------");
        assertThat(SavedToken.delete(env.savedTokenFile())).as("logout deletes it").isTrue();
        assertThat(env.savedTokenFile()).as("gone").doesNotExist();
    }

    @Test
    void noTokenAnywhere_isAnAuthenticationFailureThatHintsAtLogin() {
        assertThatThrownBy(() -> Token.resolve(env(Map.of()), null)).as("nothing configured")
                .isInstanceOfSatisfying(CliFailure.class, f -> {
                    assertThat(f.exit).isEqualTo(Exit.AUTH);
                    assertThat(f.getMessage()).contains("gef login").contains("GEF_TOKEN");
                });
    }

    @Test
    void aMissingTokenFileNamedExplicitly_isAUsageError_notAFallBackToTheSavedToken() throws Exception {
        CliEnv env = env(Map.of());
        SavedToken.save(env.savedTokenFile(), "saved");
        assertThatThrownBy(() -> Token.resolve(env, home.resolve("nope"))).as("missing --token-file")
                .isInstanceOfSatisfying(CliFailure.class, f -> assertThat(f.exit).isEqualTo(Exit.USAGE));
    }

    @Test
    void aTokenIsNamedByItsJwtId_andNeverPrintsItsValue() {
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"usr-1\",\"jti\":\"tok-0123\"}".getBytes(StandardCharsets.UTF_8));
        Token t = new Token("eyJhbGciOiJFUzI1NiJ9." + payload + ".c2ln", "GEF_TOKEN");
        assertThat(t.describe()).as("named by jti and source").isEqualTo("token tok-0123 from GEF_TOKEN");
        assertThat(t.toString()).as("toString hides the value").doesNotContain(payload);
        assertThat(new Token("opaque", "/f").describe()).as("not a JWT").isEqualTo("the token from /f");
    }
}
