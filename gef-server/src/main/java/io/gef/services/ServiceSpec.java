package io.gef.services;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import io.gef.jobs.Resources;
import io.gef.jobs.ServicePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A service as its image labels describe it (docs/annotations.md). {@link #fromLabels} validates strictly and every
 * error names the label and what is expected. The original EUDAT GEF keys are a subset, so old images parse.
 * {@code name} is the id (catalog, repository, requests), {@code displayName} the {@code name} label as written;
 * inputs, outputs and parameters have both as well ({@link Names}).
 */
public record ServiceSpec(String name, String displayName, String version, String description, String license, String authors,
                          String homepage, String citation, List<Input> inputs, List<Output> outputs,
                          List<Parameter> parameters, List<String> command, Hints resources) {
    static final String P = "eudat.gef.service.";
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    /** {@code type}: url, string (original GEF), volume, file, directory. */
    public record Input(String name, String displayName, String type, String path, String filename) {
    }

    public record Output(String name, String displayName, String path) {
    }

    /** Resource hints; null when the image does not say. */
    public record Hints(Double cpus, Integer memoryMb, Integer timeoutSeconds) {
    }

    /** The error for bad annotations: the message names the label and what is expected. */
    static GefException invalid(String message) {
        return new GefException(ErrorCode.INVALID_ANNOTATIONS, message);
    }

    public static ServiceSpec fromLabels(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        String displayName = l.get(P + "name");
        String name = Names.id(P + "name", displayName, Names.Kind.SERVICE);
        String version = required(l, P + "version", VERSION, "a version such as 1.0 (a valid image tag, not 'latest')");
        if (version.equals("latest")) {
            throw invalid(P + "version must not be 'latest': versions are immutable");
        }
        List<Input> inputs = new ArrayList<>();
        for (int i : Indexes.of(l, "input")) {
            String k = P + "input." + i + ".";
            String type = l.getOrDefault(k + "type", "directory");
            if (!List.of("url", "string", "volume", "file", "directory").contains(type)) {
                throw invalid(k + "type is '" + type + "': expected url, string, volume, file or directory");
            }
            String filename = l.get(k + "filename");
            if (filename != null && (filename.isBlank() || filename.contains("/") || filename.equals("..")
                    || filename.equals("."))) {
                throw invalid(k + "filename must be a plain file name");
            }
            String display = l.get(k + "name");
            inputs.add(new Input(Names.id(k + "name", display, Names.Kind.FIELD), display, type,
                    path(l, k + "path", "the absolute path inside the container where the input is mounted"),
                    filename));
        }
        List<Output> outputs = new ArrayList<>();
        for (int i : Indexes.of(l, "output")) {
            String k = P + "output." + i + ".";
            String display = l.get(k + "name");
            outputs.add(new Output(Names.id(k + "name", display, Names.Kind.FIELD), display,
                    path(l, k + "path", "the absolute path inside the container where the tool writes this output")));
        }
        checkDistinct(inputs, outputs);
        List<Parameter> parameters = Parameter.fromLabels(l);
        List<String> command = CommandTemplate.parse(l.get(P + "command"), parameters);
        Hints hints = new Hints(number(l, P + "resources.cpus"), integer(l, P + "resources.memory-mb"),
                integer(l, P + "resources.timeout-seconds"));
        return new ServiceSpec(name, displayName, version, l.getOrDefault(P + "description", ""), l.get(P + "license"),
                l.get(P + "authors"), l.get(P + "homepage"), l.get(P + "citation"), List.copyOf(inputs),
                List.copyOf(outputs), parameters, command, hints);
    }

    private static void checkDistinct(List<Input> inputs, List<Output> outputs) {
        List<String> names = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        inputs.forEach(i -> { names.add(i.name()); paths.add(i.path()); });
        outputs.forEach(o -> { names.add(o.name()); paths.add(o.path()); });
        for (int a = 0; a < paths.size(); a++) {
            if (names.lastIndexOf(names.get(a)) != a) {
                throw invalid("input/output id '" + names.get(a) + "' is used twice: give each input and output"
                        + " a name of its own");
            }
            for (int b = 0; b < paths.size(); b++) {
                String pa = paths.get(a);
                String pb = paths.get(b);
                if (a != b && (pa.equals(pb) || pb.startsWith(pa + "/"))) {
                    throw invalid("paths " + pa + " and " + pb + " overlap: each input and output needs"
                            + " its own folder");
                }
            }
        }
    }

    /**
     * Checks {@code given} against the declared parameters (unknown, missing required and ill-typed values are a
     * 400 naming the parameter), fills defaults, and renders the command and environment.
     */
    public ServicePlan.Invocation bind(Map<String, Object> given) {
        Map<String, Object> in = byId(given == null ? Map.of() : given);
        for (String k : in.keySet()) {
            if (parameters.stream().noneMatch(p -> p.name().equals(k))) {
                throw new GefException(ErrorCode.BAD_PARAMETER, "parameters." + k + ": service " + name
                        + " declares no such parameter (it declares: "
                        + String.join(", ", parameters.stream().map(Parameter::name).toList()) + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            Object v = in.get(p.name());
            if (v == null && p.defaultValue() != null) {
                v = p.defaultValue();
            }
            if (v == null) {
                if (p.required()) {
                    throw new GefException(ErrorCode.BAD_PARAMETER, "parameters." + p.name() + " is required by "
                            + name);
                }
                continue;
            }
            Object normalized = p.normalize(v);
            values.put(p.name(), normalized);
            if (p.env() != null) {
                env.put(p.env(), String.valueOf(normalized));
            }
        }
        return new ServicePlan.Invocation(values, CommandTemplate.render(command, values), env);
    }

    /** The parameters keyed by id: a key that is a parameter's display name (and no id) is renamed to its id. */
    private Map<String, Object> byId(Map<String, Object> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        given.forEach((k, v) -> out.put(parameters.stream().anyMatch(p -> p.name().equals(k)) ? k
                : parameters.stream().filter(p -> p.displayName().equals(k)).map(Parameter::name).findFirst()
                        .orElse(k), v));
        return out;
    }

    /** What the jobs package runs, for this spec published as {@code pinnedImage}. */
    public ServicePlan plan(String pinnedImage) {
        return new ServicePlan(pinnedImage, name, version,
                inputs.stream().map(i -> new ServicePlan.DeclaredInput(i.name(), i.displayName(), i.type(), i.path(),
                        i.filename()))
                        .toList(),
                outputs.stream().map(o -> new ServicePlan.DeclaredOutput(o.name(), o.displayName(), o.path()))
                        .toList(),
                new Resources(resources.cpus(), resources.memoryMb(), resources.timeoutSeconds()), this::bind);
    }

    static String required(Map<String, String> l, String key, Pattern p, String expected) {
        String v = l.get(key);
        if (v == null || v.isBlank()) {
            throw invalid(key + " is required: " + expected);
        }
        if (!p.matcher(v).matches()) {
            throw invalid(key + " is '" + v + "': expected " + expected);
        }
        return v;
    }

    private static String path(Map<String, String> l, String key, String expected) {
        String v = l.get(key);
        if (v == null || v.isBlank()) {
            throw invalid(key + " is required: " + expected);
        }
        if (!v.startsWith("/") || v.equals("/") || v.contains("//") || v.contains("\\")
                || List.of(v.split("/")).contains("..") || List.of(v.split("/")).contains(".") || v.endsWith("/")
                || v.equals("/tmp") || v.startsWith("/tmp/") || v.startsWith("/proc") || v.startsWith("/dev")) {
            throw invalid(key + " is '" + v + "': expected " + expected
                    + " (absolute, normalized, not /, /tmp, /proc or /dev)");
        }
        return v;
    }

    private static Double number(Map<String, String> l, String key) {
        String v = l.get(key);
        try {
            return v == null ? null : Double.valueOf(v);
        } catch (NumberFormatException e) {
            throw invalid(key + " is '" + v + "': expected a number");
        }
    }

    private static Integer integer(Map<String, String> l, String key) {
        String v = l.get(key);
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw invalid(key + " is '" + v + "': expected a whole number");
        }
    }
}
