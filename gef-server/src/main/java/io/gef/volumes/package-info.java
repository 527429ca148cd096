/**
 * Volumes and datasets as callers see them: {@link io.gef.volumes.Volumes} decides who may do what (the owner or an
 * admin; anyone else gets the same 404 as for a volume that does not exist), refuses to delete a volume a job uses
 * ({@link io.gef.volumes.VolumeUsage}), and is the jobs' {@link io.gef.jobs.VolumeAccess}; {@link
 * io.gef.volumes.Datasets} does the same for datasets. Storage is the volumes module's {@code io.gef.volumes.store}.
 */
package io.gef.volumes;
