/** Start-up: command line, composition root and health of the parts GEF depends on. */
package io.gef.server;
