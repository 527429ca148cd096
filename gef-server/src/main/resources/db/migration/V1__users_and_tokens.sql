-- Users and their personal API tokens. Only a SHA-256 of each token is stored.
CREATE TABLE users (
    id          VARCHAR(40)  PRIMARY KEY,
    name        VARCHAR(100) NOT NULL UNIQUE,
    roles       VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    deleted_at  TIMESTAMP
);

CREATE TABLE api_tokens (
    id           VARCHAR(40)  PRIMARY KEY,
    user_id      VARCHAR(40)  NOT NULL REFERENCES users(id),
    name         VARCHAR(100) NOT NULL,
    token_sha256 VARCHAR(64)  NOT NULL UNIQUE,
    created_at   TIMESTAMP    NOT NULL,
    expires_at   TIMESTAMP    NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
