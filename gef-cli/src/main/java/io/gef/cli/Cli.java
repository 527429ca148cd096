package io.gef.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Entry point of the CLI jar: {@code java -jar gef-cli-…-all.jar whoami} (what {@code ./gef whoami} runs). The
 * commands get their environment through a picocli factory, so tests run the same root on a fake one.
 */
public final class Cli {
    static final List<Class<?>> COMMANDS = List.of(AuthCommands.Login.class, AuthCommands.Logout.class,
            AuthCommands.Whoami.class, TokenCommands.class, ServiceCommands.Services.class,
            ServiceCommands.Service.class, VolumeCommands.class, RunCommand.class, JobCommands.Jobs.class,
            JobCommands.Job.class, JobCommands.Logs.class, JobCommands.Cancel.class, JobCommands.Replay.class,
            JobCommands.Outputs.class, JobCommands.Provenance.class, PipelineCommands.class);

    private Cli() {
    }

    /** Runs one command with the real environment, stdin, stdout and stderr; the exit code is {@link Exit}'s. */
    public static void main(String[] args) {
        System.exit(commandLine(CliEnv.system()).execute(args));
    }

    /** The root with every user command, reading and writing only through {@code env}: what tests drive. */
    static CommandLine commandLine(CliEnv env) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K k = CommandLine.defaultFactory().create(cls);
                if (k instanceof ApiCommand c) {
                    c.env = env;
                }
                return k;
            }
        };
        CommandLine root = new CommandLine(new Root());
        for (Class<?> c : COMMANDS) {
            root.addSubcommand(new CommandLine(c, factory));
        }
        root.setOut(new PrintWriter(env.out(), true));
        root.setErr(new PrintWriter(env.err(), true));
        return root;
    }

    @CommandLine.Command(name = "gef", mixinStandardHelpOptions = true, description = "GEF command line.")
    static final class Root {
    }
}
