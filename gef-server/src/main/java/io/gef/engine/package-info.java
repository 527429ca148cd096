/** Docker engines: the docker-java client, container runtime for jobs, and engine status. */
package io.gef.engine;
