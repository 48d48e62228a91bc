package dev.tributary.delivery;

import java.time.Instant;

/**
 * Where a notification stands among those about the same object, for delivery in order
 * ({@code event.delivery.ordering=object}): its object's key, then Shopify's order, when the change
 * was triggered and the object's {@code updated_at}.
 *
 * @param key        instance, object type and object id: notifications with one key go out one at a time
 * @param at         when Shopify triggered it ({@code X-Shopify-Triggered-At}), epoch milliseconds
 * @param version    the object's {@code updated_at} in epoch milliseconds, 0 when unknown
 * @param dropStale  true to drop it rather than deliver it flagged when a newer one was delivered first
 */
public record DeliveryOrder(String key, long at, long version, boolean dropStale) {

    /** The order of a notification about an object; null (sent as it comes) when it names no object. */
    public static DeliveryOrder of(long instanceId, String objectType, String objectId, Instant at, Instant updatedAt,
            boolean dropStale) {
        if (objectType == null || objectId == null || objectId.isEmpty() || at == null) {
            return null;
        }
        return new DeliveryOrder(instanceId + ":" + objectType + ":" + objectId, at.toEpochMilli(),
                updatedAt == null ? 0 : updatedAt.toEpochMilli(), dropStale);
    }
}
