package dev.tributary.emulator;

import java.time.Clock;

import dev.tributary.emulator.http.Response;
import dev.tributary.emulator.http.Router;

/** {@code POST /{shop}/admin/api/{version}/graphql.json}: webhook subscriptions through GraphQL. */
final class GraphqlAdminApi {

    private final EmulatorState state;
    private final AdminAccess access;
    private final WebhookSubscriptions subscriptions;
    private final EmulatorSettings settings;
    private final Clock clock;

    GraphqlAdminApi(EmulatorState state, AdminAccess access, WebhookSubscriptions subscriptions,
            EmulatorSettings settings, Clock clock) {
        this.state = state;
        this.access = access;
        this.subscriptions = subscriptions;
        this.settings = settings;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("POST", "/{shop}/admin/api/{version}/graphql.json", request -> Response.errors(501, "not yet"));
    }
}
