package dev.tributary.emulator;

import java.util.Arrays;
import java.util.Optional;

/** The Admin REST resources the emulator keeps, with their names and webhook topics. */
public enum ResourceType {

    ORDERS("orders", "order", "Order", "orders/create", "orders/updated", "orders/delete"),
    CUSTOMERS("customers", "customer", "Customer", "customers/create", "customers/update", "customers/delete"),
    PRODUCTS("products", "product", "Product", "products/create", "products/update", "products/delete");

    private final String plural;
    private final String singular;
    private final String graphqlType;
    private final String createTopic;
    private final String updateTopic;
    private final String deleteTopic;

    ResourceType(String plural, String singular, String graphqlType, String createTopic, String updateTopic,
            String deleteTopic) {
        this.plural = plural;
        this.singular = singular;
        this.graphqlType = graphqlType;
        this.createTopic = createTopic;
        this.updateTopic = updateTopic;
        this.deleteTopic = deleteTopic;
    }

    /** As in URLs: {@code orders}. */
    public String plural() {
        return plural;
    }

    /** As the JSON wrapper key: {@code order}. */
    public String singular() {
        return singular;
    }

    /** {@code gid://shopify/Order/<id>} */
    public String graphqlId(long id) {
        return "gid://shopify/" + graphqlType + "/" + id;
    }

    public String readScope() {
        return "read_" + plural;
    }

    public String writeScope() {
        return "write_" + plural;
    }

    public String createTopic() {
        return createTopic;
    }

    public String updateTopic() {
        return updateTopic;
    }

    public String deleteTopic() {
        return deleteTopic;
    }

    public static Optional<ResourceType> ofPlural(String plural) {
        return Arrays.stream(values()).filter(t -> t.plural.equals(plural)).findFirst();
    }
}
