package io.gef.errors;

/** HTTP 403: the registry policy refused an image. Carries the whole decision (every rule and its reason). */
public final class PolicyDenied extends GefException {
    private final transient Object decision;

    public PolicyDenied(String message, Object decision) {
        super("policy_denied", message, null);
        this.decision = decision;
    }

    public Object decision() {
        return decision;
    }

    @Override
    public int status() {
        return 403;
    }
}
