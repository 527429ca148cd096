package io.gef.store;

/** The database failed; mapped to a generic 500 (the cause is logged, never sent to the client). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
