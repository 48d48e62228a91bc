-- Each notification names its shop, so the delivery package, which owns notifications, can erase
-- a shop's (shop/redact) without reading another package's table.
ALTER TABLE notifications ADD COLUMN shop_domain TEXT;

UPDATE notifications SET shop_domain = (SELECT r.shop_domain FROM received_webhooks r
                                        WHERE r.id = notifications.received_webhook_id);

-- No index of its own: erasing a shop is rare, and an index would cost every webhook's insert;
-- notifications_by_instance narrows it to the account.
