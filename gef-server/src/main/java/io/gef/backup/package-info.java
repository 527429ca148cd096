/**
 * Backup and restore (#21). {@link io.gef.backup.Backup} writes, while the server runs, one tar of its state: an
 * H2 online backup of the database ({@code BACKUP TO}), the signing keys, the admin token, the policy file, the
 * registry's storage when configured, and every volume's metadata (their bytes when asked). {@link
 * io.gef.backup.Restore} unpacks such a tar onto a fresh data directory, offline. The commands {@code backup} and
 * {@code restore} of the server jar ({@code ./gef backup DIR}, {@code ./gef restore DIR}) drive them.
 */
package io.gef.backup;
