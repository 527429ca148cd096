/**
 * Managed volumes (upload, browse, download, seal) and read-only datasets on the engine host. Entry points:
 * {@link io.gef.volumes.VolumeStore} and {@link io.gef.volumes.DatasetStore}; failures are
 * {@link io.gef.errors.GefException}s whose code fixes the HTTP status. See docs/volumes.md.
 */
package io.gef.volumes;
