package dev.tributary.hub;

import java.util.Arrays;
import java.util.Optional;

/** The ecommerce hub's collections, named as in the hub's paths and in Shopify's REST Admin API. */
enum HubResource {

    ORDERS("orders", "order", "read_orders"),
    CUSTOMERS("customers", "customer", "read_customers"),
    PRODUCTS("products", "product", "read_products");

    private final String plural;
    private final String singular;
    private final String readScope;

    HubResource(String plural, String singular, String readScope) {
        this.plural = plural;
        this.singular = singular;
        this.readScope = readScope;
    }

    /** As in paths and Shopify's list key: {@code orders}. */
    public String plural() {
        return plural;
    }

    /** As Shopify's single-object key: {@code order}. */
    public String singular() {
        return singular;
    }

    /** The access scope Shopify wants for reading it. */
    public String readScope() {
        return readScope;
    }

    /** The resource a path names, or empty. */
    public static Optional<HubResource> named(String name) {
        return Arrays.stream(values()).filter(r -> r.plural.equals(name)).findFirst();
    }
}
