-- The nodes sharing this store, each writing its heartbeat every few seconds: which are alive,
-- since when, and, for a node that stopped answering, when it was last heard from. Its leases
-- (deliveries.lease_owner) expire on their own; this table is what an operator reads.
CREATE TABLE cluster_nodes (
    id            TEXT    NOT NULL PRIMARY KEY,
    host          TEXT    NOT NULL,
    started_at    BIGINT  NOT NULL,
    heartbeat_at  BIGINT  NOT NULL
);
