-- The event pipeline: what Shopify sent, the notifications made of it, and their deliveries.
-- A received webhook, its notification(s) and their delivery rows are written in one transaction.

-- Exactly what Shopify sent, once per webhook id and instance (the de-duplication key).
CREATE TABLE received_webhooks (
    id           ${id_column},
    account_id   BIGINT   NOT NULL,
    instance_id  BIGINT   NOT NULL,
    webhook_id   TEXT     NOT NULL,
    topic        TEXT     NOT NULL,
    shop_domain  TEXT     NOT NULL,
    triggered_at BIGINT,
    received_at  BIGINT   NOT NULL,
    body         ${bytes} NOT NULL,
    UNIQUE (instance_id, webhook_id)
);

CREATE INDEX received_webhooks_by_shop ON received_webhooks (shop_domain);

-- One notification: the exact bytes a callback receives, and the events it carries.
CREATE TABLE notifications (
    id                  ${id_column},
    account_id          BIGINT   NOT NULL,
    instance_id         BIGINT   NOT NULL,
    event_id            TEXT     NOT NULL UNIQUE,
    received_webhook_id BIGINT,
    source              TEXT     NOT NULL,
    topic               TEXT     NOT NULL,
    object_type         TEXT     NOT NULL,
    object_id           TEXT,
    event_type          TEXT     NOT NULL,
    created_at          BIGINT   NOT NULL,
    body                ${bytes} NOT NULL
);

CREATE INDEX notifications_by_instance ON notifications (account_id, instance_id, id);

-- Getting one notification to one callback URL: the outbox row workers claim with a lease.
CREATE TABLE deliveries (
    id               ${id_column},
    account_id       BIGINT  NOT NULL,
    instance_id      BIGINT  NOT NULL,
    notification_id  BIGINT  NOT NULL REFERENCES notifications (id),
    event_id         TEXT    NOT NULL,
    channel          TEXT    NOT NULL,
    url              TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    -- retries spent on the schedule (a Retry-After wait spends none)
    retries          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT,
    first_failure_at BIGINT,
    lease_owner      TEXT,
    lease_until      BIGINT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);

CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_by_account ON deliveries (account_id, id);

-- Every attempt at a delivery: when, how it ended, how long it took.
CREATE TABLE delivery_attempts (
    id           ${id_column},
    delivery_id  BIGINT  NOT NULL REFERENCES deliveries (id),
    attempted_at BIGINT  NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    duration_ms  BIGINT  NOT NULL
);

CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, id);

-- The pairing of an account's webhook channel with a callback URL: active or deactivated.
CREATE TABLE callback_subscriptions (
    account_id     BIGINT NOT NULL,
    url            TEXT   NOT NULL,
    status         TEXT   NOT NULL,
    deactivated_at BIGINT,
    reason         TEXT,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (account_id, url)
);
