package io.gef.cli;

/** The CLI's exit codes, documented in docs/cli.md; scripts rely on them. */
enum Exit {
    /** The command did what it was asked. */
    OK(0),
    /** The server answered an error, or could not be reached. */
    SERVER_ERROR(1),
    /** The command line (or a local file it names) was wrong; nothing was sent. */
    USAGE(2),
    /** The server refused the token (401). */
    AUTH(3),
    /** A job the command waited for ended in a state other than COMPLETE. */
    JOB_FAILED(4);

    final int code;

    Exit(int code) {
        this.code = code;
    }
}
