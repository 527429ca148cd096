package io.gef.cli;

import java.util.Locale;

/**
 * One {@code --param K=V}. The value becomes a JSON number or boolean only when the service declares the
 * parameter as {@code int}, {@code float} or {@code bool} and the text parses as one: the server refuses anything
 * but a JSON string for a {@code string} parameter, so {@code --param pattern=42} must stay the string "42".
 * Undeclared parameters stay strings (the server parses strings for every type and names a bad one).
 */
record ParamSpec(String name, String raw) {
    static ParamSpec parse(String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
            throw CliFailure.usage("--param '" + arg + "': expected NAME=VALUE");
        }
        return new ParamSpec(arg.substring(0, eq), arg.substring(eq + 1));
    }

    /** The JSON value for {@code parameters.NAME}, given the declared type (null when unknown). */
    Object value(String declaredType) {
        String type = declaredType == null ? "string" : declaredType.toLowerCase(Locale.ROOT);
        try {
            return switch (type) {
                case "int" -> Long.parseLong(raw.strip());
                case "float" -> {
                    double d = Double.parseDouble(raw.strip());
                    yield Double.isFinite(d) ? d : raw;
                }
                case "bool" -> raw.equals("true") || raw.equals("false") ? Boolean.valueOf(raw) : raw;
                default -> raw;
            };
        } catch (NumberFormatException e) {
            return raw; // let the server name the parameter and the type it wants
        }
    }
}
