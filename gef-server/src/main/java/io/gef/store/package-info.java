/** Persistence: the H2 file database, its pool and versioned migrations, and small JDBC helpers. */
package io.gef.store;
