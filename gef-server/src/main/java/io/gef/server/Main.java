package io.gef.server;

import io.gef.config.ConfigException;
import io.gef.config.GefConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of the server jar: {@code serve} runs GEF, {@code verify} checks provenance offline, {@code backup}
 * and {@code restore} save and bring back its state. The user
 * commands ({@code whoami}, {@code run}, …) are the gef-cli module's own jar. */
@Command(name = "gef-server", mixinStandardHelpOptions = true, subcommands = {Main.Serve.class, io.gef.provenance.VerifyCommand.class,
        io.gef.backup.BackupCommand.class, io.gef.backup.RestoreCommand.class},
        description = "GEF: generic execution service")
public final class Main {
    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        stopLogging(); // a start that failed logged why: write it out before exiting
        System.exit(code);
    }

    @Command(name = "serve", description = "Run the server until interrupted.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", description = "Configuration file (properties); overrides the defaults.")
        Path configFile;

        @Override
        public Integer call() throws InterruptedException {
            Optional<Path> file = Optional.ofNullable(configFile)
                    .or(() -> Optional.ofNullable(System.getenv("GEF_CONFIG")).map(Path::of));
            GefConfig config;
            try {
                config = GefConfig.load(file, System.getenv());
                io.gef.engine.EngineSettings.fromConfig(config); // a bad engine stops start-up naming its key
            } catch (ConfigException e) {
                System.err.println("configuration error: " + e.getMessage());
                return 2;
            }
            Gef gef = new Gef(config).start();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gef.close();
                stopLogging(); // the asynchronous appender's queue is written out (logback.xml)
                stop.countDown();
            }, "gef-shutdown"));
            stop.await();
            return 0;
        }
    }

    private static void stopLogging() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.stop();
        }
    }
}
