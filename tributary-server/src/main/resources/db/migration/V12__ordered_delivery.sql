-- Delivery in order per object (event.delivery.ordering=object): deliveries with one order_key
-- (instance:object type:object id) go out one at a time, earliest first by Shopify's order, when
-- it triggered the change (order_at) and then the object's updated_at (order_version), both epoch
-- milliseconds. NULL order_key: sent as it comes. drop_stale: a delivery older than one already
-- delivered for its object is cancelled instead of sent flagged "stale": true.
ALTER TABLE deliveries ADD COLUMN order_key TEXT;
ALTER TABLE deliveries ADD COLUMN order_at BIGINT;
ALTER TABLE deliveries ADD COLUMN order_version BIGINT;
ALTER TABLE deliveries ADD COLUMN drop_stale INTEGER NOT NULL DEFAULT 0;

CREATE INDEX deliveries_by_order ON deliveries (order_key, status, order_at, order_version);
