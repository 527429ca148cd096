package io.gef.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code --input NAME=SPEC} asks for. {@code SPEC} is {@code vol:ID[/sub/path]}, {@code dataset:NAME[/path]},
 * {@code url:URL}, {@code text:LITERAL} or {@code @LOCAL} (a local file or folder, uploaded into a new volume
 * before the job is submitted).
 */
sealed interface InputSpec {
    record Volume(String id, String path) implements InputSpec {
    }

    record Dataset(String name, String path) implements InputSpec {
    }

    record Url(String url) implements InputSpec {
    }

    record Text(String content) implements InputSpec {
    }

    record Local(Path path) implements InputSpec {
    }

    /** One {@code --input}: the service's input name and what to give it. */
    record Named(String name, InputSpec spec) {
    }

    static Named parse(String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
            throw CliFailure.usage("--input '" + arg + "': expected NAME=SPEC, e.g. text=vol:vol-…, text=@notes.txt");
        }
        String name = arg.substring(0, eq);
        String spec = arg.substring(eq + 1);
        if (spec.startsWith("@") && spec.length() > 1) {
            return new Named(name, new Local(Path.of(spec.substring(1))));
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "" : spec.substring(0, colon);
        String rest = colon < 0 ? "" : spec.substring(colon + 1);
        InputSpec parsed = switch (kind) {
            case "vol", "volume" -> {
                String[] idAndPath = splitPath(name, rest);
                yield new Volume(idAndPath[0], idAndPath[1]);
            }
            case "dataset" -> {
                String[] nameAndPath = splitPath(name, rest);
                yield new Dataset(nameAndPath[0], nameAndPath[1]);
            }
            case "url" -> new Url(nonEmpty(name, rest));
            case "text" -> new Text(rest);
            default -> throw CliFailure.usage("--input " + name + ": '" + spec + "' is not one of vol:ID[/path],"
                    + " dataset:NAME[/path], url:URL, text:LITERAL or @LOCAL_FILE_OR_DIR");
        };
        return new Named(name, parsed);
    }

    /** {@code ID/sub/path} into the id and the sub-path (null when there is none). */
    private static String[] splitPath(String input, String s) {
        int slash = s.indexOf('/');
        String head = slash < 0 ? s : s.substring(0, slash);
        String path = slash < 0 ? null : s.substring(slash + 1).replaceAll("/+$", "");
        return new String[] {nonEmpty(input, head), path == null || path.isEmpty() ? null : path};
    }

    private static String nonEmpty(String input, String s) {
        if (s.isEmpty()) {
            throw CliFailure.usage("--input " + input + ": nothing after the ':'");
        }
        return s;
    }

    /** The JSON object for {@code inputs.NAME} of {@code POST /api/jobs}; a local spec must be uploaded first. */
    default Map<String, String> request() {
        Map<String, String> m = new LinkedHashMap<>();
        switch (this) {
            case Volume v -> {
                m.put("volume", v.id());
                if (v.path() != null) {
                    m.put("path", v.path());
                }
            }
            case Dataset d -> {
                m.put("dataset", d.name());
                if (d.path() != null) {
                    m.put("path", d.path());
                }
            }
            case Url u -> m.put("url", u.url());
            case Text t -> m.put("content", t.content());
            case Local l -> throw new IllegalStateException("upload " + l.path() + " before submitting");
        }
        return m;
    }
}
