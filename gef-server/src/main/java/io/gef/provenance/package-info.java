/** Signed provenance: in-toto statements with SLSA predicates in DSSE envelopes, and their verification. */
package io.gef.provenance;
