package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Personal API tokens of the signed-in user: create (shown once), list, revoke. */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "Manage your personal API tokens.",
        subcommands = {TokenCommands.Create.class, TokenCommands.ListTokens.class, TokenCommands.Revoke.class})
final class TokenCommands implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw ApiCommand.missingSubcommand(spec);
    }

    @Command(name = "create", description = {"Create a token. It is printed once, alone on stdout, so it can be"
            + " piped: gef tokens create --name laptop > ~/laptop.token"})
    static final class Create extends ApiCommand {
        @Option(names = "--name", required = true, description = "A name to recognise it by in 'tokens list'.")
        String name;

        @Option(names = "--days", defaultValue = "30", description = "Days until it expires (1-365, default 30).")
        int days;

        @Override
        Exit run() {
            return showPost("api/tokens", Map.of("name", name, "expiresInDays", days), t -> {
                out().println(t.path("token").asText());
                env.err().println("created " + t.path("id").asText() + " '" + t.path("name").asText()
                        + "', expires " + t.path("expiresAt").asText() + " (the token is shown only this once)");
            });
        }
    }

    @Command(name = "list", description = "List your tokens (never their values).")
    static final class ListTokens extends ApiCommand {
        @Override
        Exit run() {
            return listGet("api/tokens", "tokens", List.of("ID", "NAME", "CREATED", "EXPIRES", "LAST USED"), t -> List.of(
                    t.path("id").asText(), t.path("name").asText(), Text.of(t, "createdAt"), Text.of(t, "expiresAt"),
                    Text.of(t, "lastUsedAt")));
        }
    }

    @Command(name = "revoke", description = "Revoke a token at once (DELETE /api/tokens/ID).")
    static final class Revoke extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "The token's id (tok-…), from 'tokens list'.")
        String id;

        @Override
        Exit run() {
            GefClient client = client();
            client.delete(client.url("api/tokens/" + id));
            env.err().println("revoked " + id);
            return Exit.OK;
        }
    }
}
