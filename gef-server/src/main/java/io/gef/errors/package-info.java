/** The exception hierarchy shared by all domain packages; mapped to HTTP in exactly one place. */
package io.gef.errors;
