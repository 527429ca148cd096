/**
 * Registry policy: which images may be published and run, with which limits; deny by default. {@link
 * io.gef.policy.PolicyService} is the policy as the server enforces it at publish, job submission and replay.
 */
package io.gef.policy;
