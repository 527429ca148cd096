package io.gef.audit;

/** Who did something, as the audit log needs it; the authenticated caller is one. */
public interface Actor {
    String id();

    String name();

    /** The client address the request came from, or null when it did not come over the network. */
    String address();

    boolean isAdmin();
}
