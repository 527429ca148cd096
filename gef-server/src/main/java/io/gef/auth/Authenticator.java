package io.gef.auth;

import io.gef.errors.GefException;


/** Turns the credentials of a request into a {@link Caller}, or refuses with 401 and a reason. */
@FunctionalInterface
public interface Authenticator {
    /**
     * @param authorization the raw {@code Authorization} header, possibly null
     * @param clientAddress the peer's address, for rate limiting failed attempts
     */
    Caller authenticate(String authorization, String clientAddress) throws GefException;
}
