-- One schema for SQLite and PostgreSQL. ${id_column} is filled in by the Dialect.
-- Times are BIGINT milliseconds since the epoch, UTC, in every table.

CREATE TABLE organization (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT    NOT NULL,
    secret_hash TEXT    NOT NULL,
    -- a value encrypted under the master key: a start with another key fails loudly
    key_check   TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE accounts (
    id          ${id_column},
    name        TEXT   NOT NULL,
    external_id TEXT   UNIQUE,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id                 ${id_column},
    account_id         BIGINT  NOT NULL REFERENCES accounts (id),
    email              TEXT    NOT NULL,
    first_name         TEXT,
    last_name          TEXT,
    secret_hash        TEXT    NOT NULL UNIQUE,
    organization_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at         BIGINT  NOT NULL,
    UNIQUE (account_id, email)
);

CREATE TABLE account_settings (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    name       TEXT   NOT NULL,
    value      TEXT   NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, name)
);
