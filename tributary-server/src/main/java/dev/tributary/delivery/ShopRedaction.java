package dev.tributary.delivery;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code shop/redact}: once the redact notification has been delivered (or at once, when nothing is
 * to be delivered), the shop's stored payloads in that account are erased: the raw webhooks, and the
 * notifications that no delivery still needs.
 */
@Component
public class ShopRedaction {

    public static final String TOPIC = "shop/redact";

    private static final byte[] ERASED_WEBHOOK = new byte[0];
    private static final byte[] ERASED_NOTIFICATION = "{\"message\":{\"redacted\":true}}".getBytes();

    private static final String ERASE_WEBHOOKS = """
            UPDATE received_webhooks SET body = :erased WHERE account_id = :accountId AND shop_domain = :shop
            """;

    private static final String ERASE_NOTIFICATIONS = """
            UPDATE notifications SET body = :erased
            WHERE account_id = :accountId
              AND received_webhook_id IN (SELECT id FROM received_webhooks WHERE account_id = :accountId AND shop_domain = :shop)
              AND id NOT IN (SELECT notification_id FROM deliveries
                             WHERE account_id = :accountId AND status IN ('pending', 'retrying', 'queued'))
            """;

    private static final String SHOP_OF_NOTIFICATION = """
            SELECT r.shop_domain FROM notifications n JOIN received_webhooks r ON r.id = n.received_webhook_id
            WHERE n.id = :notificationId
            """;

    private final JdbcClient jdbc;

    ShopRedaction(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Erases the account's stored payloads of a shop; call inside a transaction. */
    public void erase(long accountId, String shopDomain) {
        jdbc.sql(ERASE_NOTIFICATIONS).param("erased", ERASED_NOTIFICATION).param("accountId", accountId)
                .param("shop", shopDomain).update();
        jdbc.sql(ERASE_WEBHOOKS).param("erased", ERASED_WEBHOOK).param("accountId", accountId)
                .param("shop", shopDomain).update();
    }

    /** After the redact notification {@code notificationId} was delivered. */
    void eraseAfterDelivery(long accountId, long notificationId) {
        jdbc.sql(SHOP_OF_NOTIFICATION).param("notificationId", notificationId).query(String.class).optional()
                .ifPresent(shop -> erase(accountId, shop));
    }
}
