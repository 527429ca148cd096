/** Managed volumes (upload, browse, download, seal) and read-only datasets on the engine host. */
package io.gef.volumes;
