package dev.tributary.ingest;

import java.time.Instant;
import java.util.List;

import dev.tributary.events.NotificationBody;
import dev.tributary.instances.IngestTarget;

/** A verified webhook for one instance, with the notifications made of it, ready to store. */
record IncomingWebhook(IngestTarget target, String webhookId, String topic, String shopDomain, Instant triggeredAt,
        Instant receivedAt, byte[] body, List<NotificationBody.Notification> notifications) {
}
