package io.gef.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the server: the shared options, and the one place where an expected failure becomes
 * {@code error: …} on stderr and its exit code (no stack traces for what users can cause).
 */
abstract class ApiCommand implements Callable<Integer> {
    /** Set by {@link Cli}'s factory before the command runs. */
    CliEnv env;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "Server URL (default: $GEF_URL, else "
            + CliEnv.DEFAULT_URL + ").")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the token from FILE (used when"
            + " $GEF_TOKEN is not set; default: the file 'gef login' saved).")
    Path tokenFile;

    @Option(names = "--json", description = "Print the server's JSON instead of text.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public final Integer call() {
        try {
            return run().code;
        } catch (CliFailure f) {
            env.err().println("error: " + f.describe());
            return f.exit.code;
        } catch (IOException e) {
            env.err().println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return Exit.SERVER_ERROR.code;
        }
    }

    abstract Exit run() throws IOException;

    String serverUrl() {
        if (url != null) {
            return url;
        }
        String fromEnv = env.get("GEF_URL");
        return fromEnv != null ? fromEnv : CliEnv.DEFAULT_URL;
    }

    GefClient client() {
        return new GefClient(serverUrl(), Token.resolve(env, tokenFile));
    }

    PrintStream out() {
        return env.out();
    }

    /** Pretty JSON on stdout, for {@code --json}. */
    void printJson(JsonNode node) {
        try {
            out().println(Json.PRETTY.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** With {@code --json} the server's answer as it is, else what {@code human} prints from it. */
    Exit show(JsonNode answer, Consumer<JsonNode> human) {
        if (json) {
            printJson(answer);
        } else {
            human.accept(answer);
        }
        return Exit.OK;
    }

    /** GET {@code path} (query as name, value pairs; null values left out) and {@link #show} the answer. */
    Exit showGet(String path, Consumer<JsonNode> human, String... query) {
        GefClient client = client();
        return show(client.get(client.url(path, query)), human);
    }

    /** POST {@code body} as JSON to {@code path} and {@link #show} the answer. */
    Exit showPost(String path, Object body, Consumer<JsonNode> human) {
        GefClient client = client();
        return show(client.post(client.url(path), body), human);
    }

    /** GET {@code path} and print a {@link #table} of the array {@code items} names in the answer ("" = the answer). */
    Exit listGet(String path, String items, List<String> header, Function<JsonNode, List<String>> row,
                 String... query) {
        GefClient client = client();
        JsonNode answer = client.get(client.url(path, query));
        return table(answer, items.isEmpty() ? answer : answer.path(items), header, row);
    }

    /** {@link #show} with a table of one row per element of {@code items} (a part of the answer). */
    Exit table(JsonNode answer, JsonNode items, List<String> header, Function<JsonNode, List<String>> row) {
        return show(answer, a -> {
            List<List<String>> rows = new ArrayList<>();
            items.forEach(i -> rows.add(row.apply(i)));
            out().println(Text.table(header, rows));
        });
    }

    /** For grouping commands ({@code tokens}, {@code volumes}) run without a subcommand. */
    static ParameterException missingSubcommand(CommandSpec spec) {
        return new ParameterException(spec.commandLine(), "missing subcommand: one of "
                + spec.subcommands().keySet());
    }
}
