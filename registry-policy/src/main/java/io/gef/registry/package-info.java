/** Client of the trusted OCI registry: digests, manifests, labels, tags and small artifacts, without pulling. */
package io.gef.registry;
