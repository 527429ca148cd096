package io.gef.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code eudat.gef.service.command}: a JSON array of strings in which {@code ${name}} is replaced by a parameter's
 * value. Each array element stays one argument whatever the value holds, so values cannot inject arguments.
 */
final class CommandTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandTemplate() {
    }

    static List<String> parse(String label, List<Parameter> parameters) {
        if (label == null) {
            return List.of();
        }
        String key = ServiceSpec.P + "command";
        JsonNode node;
        try {
            node = JSON.readTree(label);
        } catch (IOException e) {
            throw ServiceSpec.invalid(key + " must be a JSON array of strings, e.g. [\"sh\",\"/app/run.sh\",\"${pattern}\"]");
        }
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ServiceSpec.invalid(key + " must be a non-empty JSON array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw ServiceSpec.invalid(key + " must hold only strings");
            }
            Matcher m = PLACEHOLDER.matcher(n.asText());
            while (m.find()) {
                if (parameters.stream().noneMatch(p -> p.name().equals(m.group(1)))) {
                    throw ServiceSpec.invalid(key + " uses ${" + m.group(1) + "} but no parameter has that name");
                }
            }
            out.add(n.asText());
        }
        return List.copyOf(out);
    }

    static List<String> render(List<String> template, Map<String, Object> values) {
        List<String> out = new ArrayList<>();
        for (String arg : template) {
            Matcher m = PLACEHOLDER.matcher(arg);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                Object v = values.get(m.group(1));
                m.appendReplacement(b, Matcher.quoteReplacement(v == null ? "" : String.valueOf(v)));
            }
            m.appendTail(b);
            out.add(b.toString());
        }
        return List.copyOf(out);
    }
}
