package io.gef.services;

import io.gef.errors.ErrorCode;
import io.gef.errors.GefException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A typed parameter ({@code eudat.gef.service.parameter.N.*}): how a user's value is checked and passed, as an
 * environment variable ({@code env}) and/or substituted into the command ({@code ${name}}).
 */
public record Parameter(String name, String displayName, String type, String defaultValue, boolean required, List<String> values,
                        String description, String env) {
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    static List<Parameter> fromLabels(Map<String, String> l) {
        List<Parameter> out = new ArrayList<>();
        for (int i : Indexes.of(l, "parameter")) {
            String k = ServiceSpec.P + "parameter." + i + ".";
            String display = l.get(k + "name");
            String name = Names.id(k + "name", display, Names.Kind.PARAMETER);
            String type = l.getOrDefault(k + "type", "string");
            if (!List.of("string", "int", "float", "bool", "enum").contains(type)) {
                throw ServiceSpec.invalid(k + "type is '" + type + "': expected string, int, float, bool or enum");
            }
            List<String> values = l.containsKey(k + "values")
                    ? Arrays.stream(l.get(k + "values").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                    : List.of();
            if (type.equals("enum") && values.isEmpty()) {
                throw ServiceSpec.invalid(k + "values is required for an enum: comma-separated allowed values");
            }
            String env = l.get(k + "env");
            if (env != null && !ENV.matcher(env).matches()) {
                throw ServiceSpec.invalid(k + "env is '" + env + "': expected an environment variable name");
            }
            String required = l.getOrDefault(k + "required", "false");
            if (!required.equals("true") && !required.equals("false")) {
                throw ServiceSpec.invalid(k + "required is '" + required + "': expected true or false");
            }
            Parameter p = new Parameter(name, display, type, l.get(k + "default"), required.equals("true"), values,
                    l.getOrDefault(k + "description", ""), env);
            if (p.defaultValue() != null) {
                try {
                    p.normalize(p.defaultValue());
                } catch (GefException e) {
                    throw ServiceSpec.invalid(k + "default does not fit its type: " + e.getMessage());
                }
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    /** The value as this parameter's type (Long, Double, Boolean or String), or a 400 naming the parameter. */
    Object normalize(Object value) {
        String f = "parameters." + name;
        return switch (type) {
            case "int" -> {
                if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                    yield n.longValue();
                }
                try {
                    yield Long.parseLong(String.valueOf(value).trim());
                } catch (NumberFormatException e) {
                    throw bad(f + " must be a whole number");
                }
            }
            case "float" -> {
                if (value instanceof Number n) {
                    yield n.doubleValue();
                }
                try {
                    yield Double.parseDouble(String.valueOf(value).trim());
                } catch (NumberFormatException e) {
                    throw bad(f + " must be a number");
                }
            }
            case "bool" -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                String s = String.valueOf(value);
                if (!s.equals("true") && !s.equals("false")) {
                    throw bad(f + " must be true or false");
                }
                yield Boolean.parseBoolean(s);
            }
            case "enum" -> {
                String s = String.valueOf(value);
                if (!values.contains(s)) {
                    throw bad(f + " must be one of " + values);
                }
                yield s;
            }
            default -> {
                if (!(value instanceof String s)) {
                    throw bad(f + " must be a string");
                }
                if (s.length() > 65536 || s.indexOf('\0') >= 0) {
                    throw bad(f + " must be at most 64 KiB of text without NUL");
                }
                yield s;
            }
        };
    }

    private static GefException bad(String message) {
        return new GefException(ErrorCode.BAD_PARAMETER, message);
    }
}
