/**
 * Latency benchmarks run by the scripts in {@code bench/}: each compares one way of running a trivial job with a
 * baseline, alternating the two, and prints medians and a ratio. Add a {@link io.gef.bench.Measurement} and a mode
 * in {@link io.gef.bench.JobLatencyBench} to compare another path (e.g. the HTTP API) with the same baseline.
 */
package io.gef.bench;
