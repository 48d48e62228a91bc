package dev.tributary.ingest;

import java.util.Optional;

import dev.tributary.events.NotificationBody;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for storing received webhooks with their notifications and deliveries. */
@Repository
class IngestRepository {

    private static final String INSERT_RECEIVED = """
            INSERT INTO received_webhooks (account_id, instance_id, webhook_id, topic, shop_domain, triggered_at,
                                           received_at, body)
            VALUES (:accountId, :instanceId, :webhookId, :topic, :shopDomain, :triggeredAt, :receivedAt, :body)
            ON CONFLICT (instance_id, webhook_id) DO NOTHING
            RETURNING id
            """;

    private static final String INSERT_NOTIFICATION = """
            INSERT INTO notifications (account_id, instance_id, event_id, received_webhook_id, source, topic,
                                       object_type, object_id, event_type, created_at, body)
            VALUES (:accountId, :instanceId, :eventId, :receivedId, :source, :topic,
                    :objectType, :objectId, :eventType, :now, :body)
            RETURNING id
            """;

    private static final String INSERT_DELIVERY = """
            INSERT INTO deliveries (account_id, instance_id, notification_id, event_id, channel, url, status,
                                    attempts, next_attempt_at, created_at, updated_at)
            VALUES (:accountId, :instanceId, :notificationId, :eventId, 'webhook', :url, :status,
                    0, :nextAttemptAt, :now, :now)
            """;

    private static final String SELECT_SUBSCRIPTION_STATUS = """
            SELECT status FROM callback_subscriptions WHERE account_id = :accountId AND url = :url
            """;

    private static final String INSERT_SUBSCRIPTION = """
            INSERT INTO callback_subscriptions (account_id, url, status, created_at)
            VALUES (:accountId, :url, 'active', :now)
            ON CONFLICT (account_id, url) DO NOTHING
            """;

    private final JdbcClient jdbc;

    IngestRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the webhook unless its id was seen for the instance; the new row's id, or empty for a repeat. */
    Optional<Long> insertReceived(IncomingWebhook webhook) {
        return jdbc.sql(INSERT_RECEIVED)
                .param("accountId", webhook.target().accountId())
                .param("instanceId", webhook.target().instanceId())
                .param("webhookId", webhook.webhookId())
                .param("topic", webhook.topic())
                .param("shopDomain", webhook.shopDomain())
                .param("triggeredAt", webhook.triggeredAt() == null ? null : webhook.triggeredAt().toEpochMilli())
                .param("receivedAt", webhook.receivedAt().toEpochMilli())
                .param("body", webhook.body())
                .query(Long.class)
                .optional();
    }

    long insertNotification(IncomingWebhook webhook, long receivedId, NotificationBody.Notification notification) {
        NotificationBody.Event first = notification.events().get(0);
        return jdbc.sql(INSERT_NOTIFICATION)
                .param("accountId", webhook.target().accountId())
                .param("instanceId", webhook.target().instanceId())
                .param("eventId", notification.eventId())
                .param("receivedId", receivedId)
                .param("source", "webhook")
                .param("topic", webhook.topic())
                .param("objectType", first.objectType())
                .param("objectId", first.objectId())
                .param("eventType", first.eventType())
                .param("now", webhook.receivedAt().toEpochMilli())
                .param("body", notification.body())
                .query(Long.class)
                .single();
    }

    void insertDelivery(IncomingWebhook webhook, long notificationId, String eventId, String status) {
        jdbc.sql(INSERT_DELIVERY)
                .param("accountId", webhook.target().accountId())
                .param("instanceId", webhook.target().instanceId())
                .param("notificationId", notificationId)
                .param("eventId", eventId)
                .param("url", webhook.target().callbackUrl())
                .param("status", status)
                .param("nextAttemptAt", status.equals("pending") ? webhook.receivedAt().toEpochMilli() : null)
                .param("now", webhook.receivedAt().toEpochMilli())
                .update();
    }

    /** Whether the account's subscription for this callback URL was deactivated; creates it active if new. */
    boolean isDeactivated(long accountId, String url, long now) {
        Optional<String> status = jdbc.sql(SELECT_SUBSCRIPTION_STATUS).param("accountId", accountId).param("url", url)
                .query(String.class).optional();
        if (status.isEmpty()) {
            jdbc.sql(INSERT_SUBSCRIPTION).param("accountId", accountId).param("url", url).param("now", now).update();
            return false;
        }
        return status.get().equals("deactivated");
    }
}
