package io.gef.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every {@code eudat.gef.*} label of an image is understood, refused, or reported: GEF never ignores one silently.
 * Keys that later versions of the original EUDAT GEF added ({@code input_directory.*}, {@code output_directory.*},
 * written by its B2SHARE and Taverna image builders) are kept in the labels and reported as warnings; any other
 * unknown key fails the build naming it.
 */
final class LabelKeys {
    private static final Pattern KNOWN = Pattern.compile(Pattern.quote(ServiceSpec.P) + "("
            + "name|version|description|license|authors|homepage|citation|command"
            + "|resources\\.(cpus|memory-mb|timeout-seconds)"
            + "|input\\.\\d{1,4}\\.(name|path|type|filename)"
            + "|output\\.\\d{1,4}\\.(name|path)"
            + "|parameter\\.\\d{1,4}\\.(name|type|values|default|required|description|env))");
    private static final Pattern LATER_ORIGINAL = Pattern.compile(Pattern.quote(ServiceSpec.P)
            + "(input|output)_directory\\.[A-Za-z0-9_.-]+");

    private LabelKeys() {
    }

    /** The warnings for kept-but-unused keys, sorted; a 400 naming the first key GEF does not know at all. */
    static List<String> check(Map<String, String> labels) {
        List<String> warnings = new ArrayList<>();
        for (String k : labels.keySet().stream().sorted().toList()) {
            if (!k.startsWith("eudat.gef.") || KNOWN.matcher(k).matches()) {
                continue;
            }
            if (LATER_ORIGINAL.matcher(k).matches()) {
                warnings.add(k + ": a key of later versions of the original EUDAT GEF; kept in the image's labels"
                        + " but not used by GEF (declare inputs and outputs with input.N.* and output.N.*)");
                continue;
            }
            throw ServiceSpec.invalid(k + " is not a GEF annotation: expected one of the keys in"
                    + " docs/annotations.md (name, version, description, input.N.name, input.N.path, …)");
        }
        return List.copyOf(warnings);
    }
}
