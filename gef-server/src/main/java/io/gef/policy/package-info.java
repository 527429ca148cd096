/** The registry policy as the server enforces it at publish, job submission and replay. */
package io.gef.policy;
