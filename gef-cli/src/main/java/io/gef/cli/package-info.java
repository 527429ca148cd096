/**
 * The user command line ({@code ./gef whoami}, {@code ./gef run wordcount ...}): a thin client of the HTTP API that
 * authenticates with a personal API token. It owns the parsing of command-line specs ({@code --input},
 * {@code --param}), where the token comes from (never a command-line value, which {@code ps} would show) and how
 * server answers become output and exit codes ({@link io.gef.cli.Exit}). It never touches the server's internals:
 * everything goes over HTTP, so it works against any GEF server it can reach.
 */
package io.gef.cli;
