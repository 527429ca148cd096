package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** Signing in and out with a personal token, and asking who the server thinks we are. */
final class AuthCommands {
    private AuthCommands() {
    }

    @Command(name = "login", description = {"Check a personal token with GET /api/me and save it (mode 600) for"
            + " later commands.", "The token is read from --token-file, else from stdin (never an argument)."})
    static final class Login extends ApiCommand {
        @Override
        Exit run() throws IOException {
            Token token = tokenFile != null
                    ? Token.read(env.local(tokenFile.toString())).orElseThrow(() -> CliFailure.usage(
                            "--token-file " + tokenFile + ": no such file or it is empty"))
                    : new Token(readStdin(), "stdin");
            GefClient client = new GefClient(serverUrl(), token);
            JsonNode me = client.get(client.url("api/me")); // a refused token is never saved
            Path file = env.savedTokenFile();
            SavedToken.save(file, token.value());
            env.err().println("logged in to " + serverUrl() + " as " + me.path("name").asText() + " ("
                    + me.path("id").asText() + "); token saved to " + file);
            return Exit.OK;
        }

        private String readStdin() throws IOException {
            Console console = System.console();
            String line;
            if (env.in() == System.in && console != null) {
                char[] typed = console.readPassword("GEF token: ");
                line = typed == null ? null : new String(typed);
            } else {
                line = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8)).readLine();
            }
            if (line == null || line.isBlank()) {
                throw CliFailure.usage("no token on stdin: pipe it in, or pass --token-file FILE");
            }
            return line.strip();
        }
    }

    @Command(name = "logout", description = "Delete the token 'gef login' saved (the token itself stays valid:"
            + " revoke it with 'gef tokens revoke ID').")
    static final class Logout extends ApiCommand {
        @Override
        Exit run() throws IOException {
            Path file = env.savedTokenFile();
            env.err().println(SavedToken.delete(file) ? "deleted " + file : "no saved token at " + file);
            return Exit.OK;
        }
    }

    @Command(name = "whoami", description = "Show the user the token belongs to (GET /api/me).")
    static final class Whoami extends ApiCommand {
        @Override
        Exit run() {
            GefClient client = client();
            return show(client.get(client.url("api/me")), me -> out().println(me.path("name").asText() + " ("
                    + me.path("id").asText() + ") roles: " + Text.join(me.path("roles")) + " at " + serverUrl()));
        }
    }
}
