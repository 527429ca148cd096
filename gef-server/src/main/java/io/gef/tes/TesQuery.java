package io.gef.tes;

import java.util.List;

/**
 * The query of {@code GET /tasks}; {@code tagKeys} and {@code tagValues} pair up in order, a key without a value
 * (or with an empty one) matching any value. Null fields filter nothing.
 */
public record TesQuery(String namePrefix, String state, List<String> tagKeys, List<String> tagValues,
                       Integer pageSize, String pageToken) {
}
