-- Each notification names its shop, so the delivery package, which owns notifications, can erase
-- a shop's (shop/redact) without reading another package's table.
ALTER TABLE notifications ADD COLUMN shop_domain TEXT;

UPDATE notifications SET shop_domain = (SELECT r.shop_domain FROM received_webhooks r
                                        WHERE r.id = notifications.received_webhook_id);

CREATE INDEX notifications_by_shop ON notifications (account_id, shop_domain);
