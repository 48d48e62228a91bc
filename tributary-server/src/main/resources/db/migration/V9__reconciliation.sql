-- Which reader a poll state belongs to: the poller ('polling') or the reconciliation sweep
-- ('reconciliation'), which reads the same way for webhook instances. A resource is read by one of
-- them per instance, never both, so (instance_id, resource) stays unique.
ALTER TABLE poll_states ADD COLUMN source TEXT NOT NULL DEFAULT 'polling';

-- The object versions (an object's updated time, epoch milliseconds) that webhooks and the
-- reconciliation sweep have delivered for an instance, and which of them brought each first. Owned
-- by the delivery package (the outbox): the sweep sends only versions no webhook brought, and a
-- webhook arriving after the sweep for a version it sent is not delivered again.
CREATE TABLE object_versions (
    instance_id BIGINT NOT NULL,
    object_type TEXT   NOT NULL,
    object_id   TEXT   NOT NULL,
    version     BIGINT NOT NULL,
    source      TEXT   NOT NULL,
    PRIMARY KEY (instance_id, object_type, object_id, version)
);
