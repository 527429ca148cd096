/**
 * Where managed volumes and read-only datasets are kept (upload, browse, download, seal), with no notion of callers:
 * {@link io.gef.volumes.store.VolumeStore} (implemented by {@link io.gef.volumes.store.LocalVolumeStore}, volumes in
 * a directory of the engine's host) and {@link io.gef.volumes.store.DatasetStore}. Failures are
 * {@link io.gef.errors.GefException}s whose code fixes the HTTP status. Who may do what is decided by the server's
 * {@code io.gef.volumes.Volumes}. See docs/volumes.md.
 */
package io.gef.volumes.store;
