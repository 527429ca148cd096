package io.gef.cli;

/**
 * An expected failure of a command: printed as {@code error: <message>} without a stack trace, and turned into
 * its {@link Exit} code. {@code code} is the server's error code when the server gave one.
 */
final class CliFailure extends RuntimeException {
    final Exit exit;
    final String code;

    CliFailure(Exit exit, String code, String message) {
        super(message);
        this.exit = exit;
        this.code = code;
    }

    static CliFailure usage(String message) {
        return new CliFailure(Exit.USAGE, null, message);
    }

    /** The server's {@code {"error","message"}} body. */
    static CliFailure server(String code, String message) {
        return new CliFailure(Exit.SERVER_ERROR, code, message);
    }

    /** What the user reads on stderr. */
    String describe() {
        return code == null ? getMessage() : getMessage() + " (" + code + ")";
    }
}
