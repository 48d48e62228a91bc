package dev.tributary.emulator;

import java.time.Clock;

import dev.tributary.emulator.http.Router;
import tools.jackson.databind.node.ObjectNode;

/** Delivers webhooks to subscribers with Shopify's headers, HMAC, timeouts and retry schedule. */
final class WebhookDispatcher implements WebhookPublisher, AutoCloseable {

    private final EmulatorState state;
    private final EmulatorSettings settings;
    private final Clock clock;

    WebhookDispatcher(EmulatorState state, EmulatorSettings settings, Clock clock) {
        this.state = state;
        this.settings = settings;
        this.clock = clock;
    }

    void register(Router router) {
    }

    @Override
    public void publish(Shop shop, String topic, ObjectNode payload, String onlyClientId) {
    }

    @Override
    public void publishCompliance(Shop shop, App app, String topic, ObjectNode payload) {
    }

    /** Forgets pending retries, faults and the delivery log. */
    void reset() {
    }

    @Override
    public void close() {
    }
}
