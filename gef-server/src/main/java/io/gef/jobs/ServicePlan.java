package io.gef.jobs;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What jobs need to know about a service, taken from its annotations: the image pinned by digest, the declared
 * inputs and outputs, resource hints, and how parameters become a command and environment.
 *
 * @param bind validates parameters against their declared types (throwing a 400 naming the parameter) and renders
 *             the container's command and environment
 */
public record ServicePlan(String image, String name, String version, List<DeclaredInput> inputs,
                          List<DeclaredOutput> outputs, Resources hints,
                          Function<Map<String, Object>, Invocation> bind) {

    /**
     * An input as the service declares it: {@code name} is its id, {@code displayName} the label as written (a
     * request may use either); {@code filename} names the file for url and inline inputs.
     */
    public record DeclaredInput(String name, String displayName, String type, String path, String filename) {
        public DeclaredInput(String name, String type, String path, String filename) {
            this(name, name, type, path, filename);
        }
    }

    public record DeclaredOutput(String name, String displayName, String path) {
        public DeclaredOutput(String name, String path) {
            this(name, name, path);
        }
    }

    /** The validated parameters and what the container gets from them. */
    public record Invocation(Map<String, Object> parameters, List<String> command, Map<String, String> env) {
    }
}
