/**
 * The HTTP API: routes, JSON, and the single exception-to-status mapping. Translates only; never imports
 * docker-java, JDBC or Nimbus.
 */
package io.gef.http;
