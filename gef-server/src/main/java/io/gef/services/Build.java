package io.gef.services;

import java.time.Instant;
import java.util.List;

/**
 * A publishing build. {@code outcome}: PUBLISHED (new version pushed, signed, in the catalog), UNCHANGED (the same
 * content was already published under that version: nothing pushed; like a 200), CONFLICT (that version exists
 * with other content: refused, nothing pushed; like a 409), or null while running or when it failed earlier.
 * {@code service} is the catalog id, {@code displayName} the name label as written; {@code warnings} list the
 * labels GEF kept without using (docs/annotations.md).
 */
public record Build(String id, String owner, State state, Outcome outcome, String error, String service,
                    String version, String image, String digest, Object policy, Instant createdAt, Instant endedAt,
                    String displayName, List<String> warnings) {
    public Build {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    Build(String id, String owner, State state, Instant createdAt) {
        this(id, owner, state, null, null, null, null, null, null, null, createdAt, null, null, List.of());
    }

    public enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED;

        public boolean isTerminal() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    public enum Outcome {
        PUBLISHED, UNCHANGED, CONFLICT
    }

    Build running() {
        return new Build(id, owner, State.RUNNING, null, null, service, version, image, digest, policy, createdAt,
                null, displayName, warnings);
    }

    Build named(String s, String display, String v, String img, List<String> w) {
        return new Build(id, owner, state, outcome, error, s, v, img, digest, policy, createdAt, endedAt, display,
                w);
    }

    Build withPolicy(Object decision) {
        return new Build(id, owner, state, outcome, error, service, version, image, digest, decision, createdAt,
                endedAt, displayName, warnings);
    }

    Build succeeded(Outcome o, String d, Instant at) {
        return new Build(id, owner, State.SUCCEEDED, o, null, service, version, image, d, policy, createdAt, at,
                displayName, warnings);
    }

    Build failed(Outcome o, String message, Instant at) {
        return new Build(id, owner, State.FAILED, o, message, service, version, image, digest, policy, createdAt, at,
                displayName, warnings);
    }
}
