package dev.tributary.shopify;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The Shopify webhook topics Tributary supports, in REST form ({@code orders/create}). */
public final class ShopifyTopics {

    public static final String APP_UNINSTALLED = "app/uninstalled";

    /** Topics an app subscribes to through the Admin API. */
    public static final List<String> SUBSCRIBABLE = List.of(
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

    /** Mandatory privacy topics: configured in the app's settings at Shopify, sent to every installed app. */
    public static final List<String> COMPLIANCE = List.of("customers/data_request", "customers/redact", "shop/redact");

    private static final Set<String> SUBSCRIBABLE_SET = Set.copyOf(SUBSCRIBABLE);

    private ShopifyTopics() {
    }

    public static boolean isSubscribable(String topic) {
        return SUBSCRIBABLE_SET.contains(topic);
    }

    /**
     * Reads a comma-separated list, ignoring spaces around commas, empty entries and repeats;
     * keeps the order given.
     */
    public static Set<String> parseList(String commaSeparated) {
        Set<String> topics = new LinkedHashSet<>();
        if (commaSeparated == null) {
            return topics;
        }
        Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(topic -> !topic.isEmpty())
                .map(topic -> topic.toLowerCase(Locale.ROOT))
                .forEach(topics::add);
        return topics;
    }

    /** {@code orders/create} as GraphQL's enum {@code ORDERS_CREATE}. */
    public static String toGraphqlEnum(String topic) {
        return topic.replace('/', '_').toUpperCase(Locale.ROOT);
    }
}
