/**
 * Jobs: request validation, the durable queue and dispatcher, states and their transitions, stage-in, output
 * collection, stored and live logs and events.
 */
package io.gef.jobs;
