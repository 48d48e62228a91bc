package dev.tributary.delivery;

import java.time.Instant;

/**
 * A {@code shop/redact} notification reached its callback: the shop's payloads received until the
 * request may go. Published inside the transaction that records the delivery.
 */
public record ShopRedactDelivered(long accountId, String shopDomain, Instant requestedAt) {

    public static final String TOPIC = "shop/redact";
}
