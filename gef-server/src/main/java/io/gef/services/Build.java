package io.gef.services;

import java.time.Instant;

/**
 * A publishing build. {@code outcome}: PUBLISHED (new version pushed, signed, in the catalog), UNCHANGED (the same
 * content was already published under that version: nothing pushed; like a 200), CONFLICT (that version exists
 * with other content: refused, nothing pushed; like a 409), or null while running or when it failed earlier.
 */
public record Build(String id, String owner, State state, Outcome outcome, String error, String service,
                    String version, String image, String digest, Object policy, Instant createdAt, Instant endedAt) {
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
                null);
    }

    Build named(String s, String v, String img) {
        return new Build(id, owner, state, outcome, error, s, v, img, digest, policy, createdAt, endedAt);
    }

    Build withPolicy(Object decision) {
        return new Build(id, owner, state, outcome, error, service, version, image, digest, decision, createdAt,
                endedAt);
    }

    Build succeeded(Outcome o, String d, Instant at) {
        return new Build(id, owner, State.SUCCEEDED, o, null, service, version, image, d, policy, createdAt, at);
    }

    Build failed(Outcome o, String message, Instant at) {
        return new Build(id, owner, State.FAILED, o, message, service, version, image, digest, policy, createdAt, at);
    }
}
