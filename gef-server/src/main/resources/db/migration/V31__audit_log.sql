-- Who changed users, tokens, datasets and grants, and published or withdrew services: when, and from where.
CREATE TABLE audit_log (
    seq         BIGINT AUTO_INCREMENT PRIMARY KEY,
    at          TIMESTAMP    NOT NULL,
    actor_id    VARCHAR(40),
    actor_name  VARCHAR(100),
    address     VARCHAR(64),
    action      VARCHAR(64)  NOT NULL,
    target      VARCHAR(300),
    details     CLOB
);
