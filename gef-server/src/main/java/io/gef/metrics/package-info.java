/**
 * Prometheus metrics (#21): one Micrometer registry for the server, the JVM and the connection pool, gauges read
 * from the database at scrape time (jobs by state and service, queue and running per engine, builds), histograms
 * of a finished job's phases, and HTTP requests by route template. Exposition is Micrometer's Prometheus registry;
 * nothing here writes the text format by hand. Other packages never import this one: {@code server.Gef} wires the
 * hooks (the finished-job step, the engines' status) and {@code http} records requests.
 */
package io.gef.metrics;
