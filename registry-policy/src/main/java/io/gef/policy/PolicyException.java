package io.gef.policy;

/** The policy file is malformed; the message names the field. The server refuses to start with it. */
public final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message);
    }
}
