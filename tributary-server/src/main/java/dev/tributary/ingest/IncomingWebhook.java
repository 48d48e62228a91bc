package dev.tributary.ingest;

import java.time.Instant;
import java.util.List;

import dev.tributary.delivery.DeliveryOrder;
import dev.tributary.delivery.VersionClaim;
import dev.tributary.events.NotificationBody;
import dev.tributary.instances.IngestTarget;

/**
 * A verified webhook for one instance, with the notifications made of it, ready to store.
 *
 * @param versionClaim the object version it brings, claimed for the webhook, when the instance is
 *                     reconciled; else null
 * @param order        its place among the webhooks about its object, when the instance delivers in order; else null
 */
record IncomingWebhook(IngestTarget target, String webhookId, String topic, String shopDomain, Instant triggeredAt,
        Instant receivedAt, byte[] body, List<NotificationBody.Notification> notifications, VersionClaim versionClaim,
        DeliveryOrder order) {
}
