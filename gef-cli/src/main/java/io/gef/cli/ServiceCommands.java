package io.gef.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The service catalog: what can be run, and what each service takes and produces. */
final class ServiceCommands {
    private ServiceCommands() {
    }

    @Command(name = "services", description = "List the catalog (latest version of each service).")
    static final class Services extends ApiCommand {
        @Option(names = "--q", paramLabel = "TEXT", description = "Only services whose name or description"
                + " contains TEXT.")
        String query;

        @Override
        Exit run() {
            return listGet("api/services", "services", List.of("NAME", "VERSION", "DESCRIPTION"), s -> List.of(
                    Text.named(s), Text.of(s, "latestVersion"), Text.of(s, "description")), "q", query);
        }
    }

    @Command(name = "service", description = "Show a service's inputs, outputs and parameters (latest version).")
    static final class Service extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        Exit run() {
            return showGet("api/services/" + name, this::print);
        }

        private void print(JsonNode r) {
            JsonNode v = r.path("versions").path(0);
            JsonNode spec = v.path("spec");
            var out = out();
            out.println(Text.named(spec) + " " + spec.path("version").asText() + ": "
                    + Text.of(spec, "description"));
            out.println("image: " + Text.of(v, "pinned"));
            out.println("inputs:");
            spec.path("inputs").forEach(i -> out.println("  " + Text.named(i) + "  (" + Text.of(i, "type")
                    + ", at " + Text.of(i, "path") + ")"));
            out.println("outputs:");
            spec.path("outputs").forEach(o -> out.println("  " + Text.named(o) + "  (at "
                    + Text.of(o, "path") + ")"));
            out.println("parameters:" + (spec.path("parameters").isEmpty() ? " (none)" : ""));
            for (JsonNode p : spec.path("parameters")) {
                StringBuilder b = new StringBuilder("  " + Text.named(p) + "  " + p.path("type").asText());
                if (p.path("required").asBoolean()) {
                    b.append(", required");
                }
                if (p.hasNonNull("defaultValue")) {
                    b.append(", default ").append(p.path("defaultValue").asText());
                }
                if (!p.path("values").isEmpty()) {
                    b.append(", one of ").append(Text.join(p.path("values")));
                }
                out.println(b.append(p.path("description").asText().isEmpty() ? "" : ": "
                        + p.path("description").asText()));
            }
        }
    }
}
