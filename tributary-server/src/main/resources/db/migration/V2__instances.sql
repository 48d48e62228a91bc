-- Element instances: one authenticated connection of one account to one shop.

CREATE TABLE instances (
    id              ${id_column},
    account_id      BIGINT  NOT NULL REFERENCES accounts (id),
    element_key     TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    -- opaque and unguessable: the last segment of the webhook address given to Shopify
    instance_key    TEXT    NOT NULL UNIQUE,
    -- keyed hash for "Element <token>" lookups; the token itself encrypted for its owner
    token_hash      TEXT    NOT NULL UNIQUE,
    token_encrypted TEXT    NOT NULL,
    shop_domain     TEXT    NOT NULL,
    events_enabled  BOOLEAN NOT NULL,
    valid           BOOLEAN NOT NULL,
    disabled        BOOLEAN NOT NULL,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

CREATE INDEX instances_by_account ON instances (account_id, id);
CREATE INDEX instances_by_shop ON instances (shop_domain);

CREATE TABLE instance_tags (
    instance_id BIGINT  NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    tag         TEXT    NOT NULL,
    PRIMARY KEY (instance_id, tag)
);

CREATE INDEX instance_tags_by_tag ON instance_tags (tag);

-- One row per configuration key; secret values are AES-GCM ciphertexts.
CREATE TABLE instance_configuration (
    id          ${id_column},
    instance_id BIGINT NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    value       TEXT,
    UNIQUE (instance_id, name)
);

-- The webhook subscriptions made at Shopify for an instance.
CREATE TABLE instance_webhooks (
    instance_id BIGINT NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    topic       TEXT   NOT NULL,
    shopify_id  TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (instance_id, topic)
);

-- Subscriptions that could not be removed at Shopify (best effort on delete), kept for operators.
CREATE TABLE instance_cleanup_failures (
    id          ${id_column},
    account_id  BIGINT NOT NULL,
    instance_id BIGINT NOT NULL,
    shop_domain TEXT   NOT NULL,
    topic       TEXT   NOT NULL,
    shopify_id  TEXT   NOT NULL,
    reason      TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);
