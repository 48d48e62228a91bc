-- The poller's state, owned by the polling package. One row per polled (instance, resource): how far
-- it has polled (the end of the last window polled whole), when it is due next, and which node
-- polls it now (a lease, so on PostgreSQL one node polls an instance's resource at a time).
CREATE TABLE poll_states (
    id           ${id_column},
    account_id   BIGINT NOT NULL,
    instance_id  BIGINT NOT NULL,
    resource     TEXT   NOT NULL,
    polled_until BIGINT NOT NULL,
    next_poll_at BIGINT NOT NULL,
    lease_owner  TEXT,
    lease_until  BIGINT,
    UNIQUE (instance_id, resource)
);

CREATE INDEX poll_states_due ON poll_states (next_poll_at);

-- The updated time last delivered per polled object: the same change is never delivered twice,
-- across polls, overlapping windows, restarts and nodes.
CREATE TABLE polled_objects (
    instance_id BIGINT NOT NULL,
    resource    TEXT   NOT NULL,
    object_id   TEXT   NOT NULL,
    updated_at  TEXT   NOT NULL,
    PRIMARY KEY (instance_id, resource, object_id)
);
