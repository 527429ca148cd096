/**
 * Pipelines: a DAG of steps, each a job of the jobs capability, whose inputs may name another step's output. The
 * graph, each step's state and its job id live in the database; a single runner moves them under state checks and
 * submits each step's job idempotently (keyed by pipeline, step and attempt), so a restarted server continues
 * where the last one stopped and never runs a finished step again.
 */
package io.gef.pipelines;
