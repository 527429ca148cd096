package io.gef.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The CLI's JSON mapper. Its own rather than the server's {@code JsonCodec}: the CLI shares no code with the server,
 * so it runs against any server version it can reach. Jackson's defaults fit: it reads answers as trees (unknown
 * fields cannot fail) and only sends maps and strings (no dates to format).
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** For {@code --json} and saved envelopes: people read them. */
    static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }

    /** A request body. Bodies are maps of strings, numbers and lists, so failing here is a bug, not an input error. */
    static String write(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + body.getClass().getSimpleName(), e);
        }
    }
}
