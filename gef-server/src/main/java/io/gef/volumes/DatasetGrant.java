package io.gef.volumes;

import java.time.Instant;

/** A dataset made visible to {@code grantee} ({@code user:<id>} or {@code role:<role>}) by an admin. */
public record DatasetGrant(String dataset, String grantee, String grantedBy, Instant grantedAt) {
}
