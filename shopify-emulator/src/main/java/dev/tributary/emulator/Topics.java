package dev.tributary.emulator;

import java.util.Locale;
import java.util.Set;

/** The webhook topics the emulator knows, in REST form ({@code orders/create}). */
public final class Topics {

    public static final String APP_UNINSTALLED = "app/uninstalled";
    public static final Set<String> COMPLIANCE = Set.of("customers/data_request", "customers/redact", "shop/redact");

    public static final Set<String> ALL = Set.of(
            "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled",
            "orders/partially_fulfilled", "orders/edited", "orders/delete",
            "customers/create", "customers/update", "customers/delete", "customers/enable", "customers/disable",
            "products/create", "products/update", "products/delete",
            "collections/create", "collections/update", "collections/delete",
            "inventory_levels/connect", "inventory_levels/update", "inventory_levels/disconnect",
            "inventory_items/create", "inventory_items/update", "inventory_items/delete",
            "fulfillments/create", "fulfillments/update", "refunds/create",
            "carts/create", "carts/update", "checkouts/create", "checkouts/update", "checkouts/delete",
            "app/uninstalled", "shop/update");

    private Topics() {
    }

    /** Topics an app may subscribe to through the Admin API (the compliance ones are set in app settings). */
    public static boolean isSubscribable(String topic) {
        return ALL.contains(topic);
    }

    /** {@code orders/create} to GraphQL's {@code ORDERS_CREATE}. */
    public static String toGraphql(String topic) {
        return topic.replace('/', '_').toUpperCase(Locale.ROOT);
    }

    /** {@code ORDERS_CREATE} to {@code orders/create}, or null when no known topic has that name. */
    public static String fromGraphql(String name) {
        for (String topic : ALL) {
            if (toGraphql(topic).equals(name)) {
                return topic;
            }
        }
        return null;
    }
}
