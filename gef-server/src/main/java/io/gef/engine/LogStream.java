package io.gef.engine;

/** Which output stream of the job a log line came from. */
public enum LogStream {
    STDOUT, STDERR
}
