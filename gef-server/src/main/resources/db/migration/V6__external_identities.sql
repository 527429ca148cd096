-- Users provisioned from an external OpenID Connect issuer remember which (issuer, subject) they stand for, so a
-- later token maps to the same user (and its owned objects) and a deleted one stays deleted. Local users: NULL.
ALTER TABLE users ADD COLUMN external_issuer VARCHAR(500);
ALTER TABLE users ADD COLUMN external_subject VARCHAR(255);
ALTER TABLE users ADD CONSTRAINT users_external_identity UNIQUE (external_issuer, external_subject);
