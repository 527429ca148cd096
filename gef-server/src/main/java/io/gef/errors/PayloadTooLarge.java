package io.gef.errors;

/** HTTP 413. */
public final class PayloadTooLarge extends GefException {
    public PayloadTooLarge(String message) {
        super("too_large", message, null);
    }

    public PayloadTooLarge(String code, String message) {
        super(code, message, null);
    }

    public PayloadTooLarge(String code, String message, Throwable cause) {
        super(code, message, cause);
    }

    @Override
    public int status() {
        return 413;
    }
}
