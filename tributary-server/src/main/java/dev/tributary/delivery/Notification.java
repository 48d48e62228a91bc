package dev.tributary.delivery;

import java.time.Instant;

import dev.tributary.events.NotificationBody;

/**
 * One notification to record, from any source: whose it is, where it came from, and where it goes.
 *
 * @param source            {@code webhook}, {@code polling} or {@code reconciliation}
 * @param receivedWebhookId the received webhook it was made of, or null for other sources
 * @param callbackUrl       where it is delivered; null when events are off (recorded, not delivered)
 * @param order             its place among the notifications about its object; null to send it as it comes
 */
public record Notification(long accountId, long instanceId, String source, String topic, String shopDomain,
        Long receivedWebhookId, Instant createdAt, String callbackUrl, NotificationBody.Notification body,
        DeliveryOrder order) {
}
