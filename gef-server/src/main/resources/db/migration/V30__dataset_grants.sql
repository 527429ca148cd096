-- Who may list and mount a dataset besides admins: a user ('user:<id>') or everyone with a role ('role:<role>').
CREATE TABLE dataset_grants (
    dataset     VARCHAR(64)  NOT NULL,
    grantee     VARCHAR(120) NOT NULL,
    granted_by  VARCHAR(40)  NOT NULL,
    granted_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (dataset, grantee)
);
