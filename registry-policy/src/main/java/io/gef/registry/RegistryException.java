package io.gef.registry;

/**
 * The registry could not be reached or answered unexpectedly. {@link #notFound()} distinguishes "no such
 * repository, tag or digest" from a failure of the registry itself.
 */
public final class RegistryException extends RuntimeException {
    private final int status;

    public RegistryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status the registry answered, or 0 when it could not be reached. */
    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == 404;
    }
}
