package dev.tributary.emulator;

import java.time.Clock;

import dev.tributary.emulator.http.Router;

/** The REST Admin API: webhooks, orders, customers and products, with the leaky-bucket limit. */
final class RestAdminApi {

    private final EmulatorState state;
    private final AdminAccess access;
    private final WebhookSubscriptions subscriptions;
    private final ShopResources resources;
    private final EmulatorSettings settings;
    private final Clock clock;

    RestAdminApi(EmulatorState state, AdminAccess access, WebhookSubscriptions subscriptions, ShopResources resources,
            EmulatorSettings settings, Clock clock) {
        this.state = state;
        this.access = access;
        this.subscriptions = subscriptions;
        this.resources = resources;
        this.settings = settings;
        this.clock = clock;
    }

    void register(Router router) {
    }
}
