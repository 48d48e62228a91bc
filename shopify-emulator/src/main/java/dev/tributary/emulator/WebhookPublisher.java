package dev.tributary.emulator;

import tools.jackson.databind.node.ObjectNode;

/** Where changes in a shop go to become webhook deliveries. */
public interface WebhookPublisher {

    /**
     * Sends {@code topic} with {@code payload} to every subscription of the shop for that topic,
     * or only to those of one app when {@code onlyClientId} is not null. Returns at once; delivery
     * happens off the caller's thread.
     */
    void publish(Shop shop, String topic, ObjectNode payload, String onlyClientId);

    /** Sends a compliance topic to the address in the app's settings, as Shopify does. */
    void publishCompliance(Shop shop, App app, String topic, ObjectNode payload);
}
