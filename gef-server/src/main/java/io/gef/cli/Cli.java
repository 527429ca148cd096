package io.gef.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Entry point of the user commands: {@link #addTo} registers them on the jar's picocli root, so
 * {@code java -jar gef-server-…-all.jar whoami} (and {@code ./gef whoami}) work next to {@code serve}.
 */
public final class Cli {
    static final List<Class<?>> COMMANDS = List.of(AuthCommands.Login.class, AuthCommands.Logout.class,
            AuthCommands.Whoami.class, TokenCommands.class, ServiceCommands.Services.class,
            ServiceCommands.Service.class, VolumeCommands.class, RunCommand.class, JobCommands.Jobs.class,
            JobCommands.Job.class, JobCommands.Logs.class, JobCommands.Cancel.class, JobCommands.Replay.class,
            JobCommands.Outputs.class, JobCommands.Provenance.class);

    private Cli() {
    }

    /** Adds the user commands to {@code root}, reading the real environment, stdin, stdout and stderr. */
    public static void addTo(CommandLine root) {
        addTo(root, CliEnv.system());
    }

    static void addTo(CommandLine root, CliEnv env) {
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
        for (Class<?> c : COMMANDS) {
            root.addSubcommand(new CommandLine(c, factory));
        }
    }

    /** A root with only the user commands, writing to {@code env}'s streams: what tests drive. */
    static CommandLine commandLine(CliEnv env) {
        CommandLine root = new CommandLine(new Root());
        addTo(root, env);
        root.setOut(new PrintWriter(env.out(), true));
        root.setErr(new PrintWriter(env.err(), true));
        return root;
    }

    @CommandLine.Command(name = "gef", mixinStandardHelpOptions = true, description = "GEF command line.")
    static final class Root {
    }
}
