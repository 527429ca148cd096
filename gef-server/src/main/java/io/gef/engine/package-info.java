/**
 * Docker engines and the job container runtime.
 *
 * <p>{@link io.gef.engine.DockerEngine} holds the docker-java client of one engine and reports its status.
 * {@link io.gef.engine.ContainerRunner} runs one job as a hardened container on it: a validated
 * {@link io.gef.engine.ContainerSpec} (image pinned by digest, mounts, user, labels) with a
 * {@link io.gef.engine.Sandbox} (isolation and limits, serializable for provenance), live output and lifecycle
 * events to a {@link io.gef.engine.RunListener}, and a {@link io.gef.engine.RunOutcome}. It also cancels runs and
 * finds/reaps containers a crashed server left behind (by the {@code gef.instance} and {@code gef.job.id} labels).
 * Apart from {@link io.gef.engine.DockerEngine#client()} (tests, benchmarks), docker-java types stay inside this
 * package. See docs/engine.md.
 */
package io.gef.engine;
