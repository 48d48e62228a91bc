package dev.tributary.emulator;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates, changes and deletes orders, customers and products of a shop, and fires the webhook
 * topics each change causes, as Shopify does: create/update/delete, and for orders also
 * {@code orders/paid}, {@code orders/cancelled}, {@code orders/fulfilled} and
 * {@code orders/partially_fulfilled} when those happen; for customers {@code customers/enable}
 * and {@code customers/disable}.
 */
public final class ShopResources {

    /** Shopify renders times to the second, with the shop's offset. */
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EmulatorState state;
    private final WebhookPublisher webhooks;
    private final Clock clock;

    ShopResources(EmulatorState state, WebhookPublisher webhooks, Clock clock) {
        this.state = state;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /** Creates a resource from the given fields over Shopify-like defaults; fires the create topic. */
    public ObjectNode create(Shop shop, ResourceType type, ObjectNode fields) {
        long id = state.nextId();
        String now = now(shop);
        ObjectNode resource = defaults(shop, type, id, now);
        if (fields != null) {
            resource.setAll(fields.deepCopy());
        }
        resource.put("id", id);
        resource.put("admin_graphql_api_id", type.graphqlId(id));
        resource.put("created_at", now);
        resource.put("updated_at", now);
        shop.resources(type).put(id, resource);
        state.changed();
        webhooks.publish(shop, type.createTopic(), resource.deepCopy(), null);
        return resource.deepCopy();
    }

    /** Changes the given fields; fires the update topic and whatever the change means besides. */
    public Optional<ObjectNode> update(Shop shop, ResourceType type, long id, ObjectNode fields) {
        ObjectNode before = shop.resources(type).get(id);
        if (before == null) {
            return Optional.empty();
        }
        ObjectNode after = before.deepCopy();
        if (fields != null) {
            after.setAll(fields.deepCopy());
        }
        after.put("id", id);
        after.put("admin_graphql_api_id", type.graphqlId(id));
        after.set("created_at", before.get("created_at"));
        after.put("updated_at", now(shop));
        shop.resources(type).put(id, after);
        state.changed();
        webhooks.publish(shop, type.updateTopic(), after.deepCopy(), null);
        for (String topic : consequences(type, before, after)) {
            webhooks.publish(shop, topic, after.deepCopy(), null);
        }
        return Optional.of(after.deepCopy());
    }

    /** Deletes a resource; the delete topic carries only its id, as Shopify's does. */
    public boolean delete(Shop shop, ResourceType type, long id) {
        if (shop.resources(type).remove(id) == null) {
            return false;
        }
        state.changed();
        ObjectNode payload = JSON.createObjectNode();
        payload.put("id", id);
        webhooks.publish(shop, type.deleteTopic(), payload, null);
        return true;
    }

    public Optional<ObjectNode> get(Shop shop, ResourceType type, long id) {
        return Optional.ofNullable(shop.resources(type).get(id)).map(ObjectNode::deepCopy);
    }

    /** Marks an order paid: {@code orders/updated} and {@code orders/paid}. */
    public Optional<ObjectNode> payOrder(Shop shop, long id) {
        ObjectNode change = JSON.createObjectNode();
        change.put("financial_status", "paid");
        return update(shop, ResourceType.ORDERS, id, change);
    }

    /** Cancels an order: {@code orders/updated} and {@code orders/cancelled}. */
    public Optional<ObjectNode> cancelOrder(Shop shop, long id, String reason) {
        ObjectNode change = JSON.createObjectNode();
        change.put("cancelled_at", now(shop));
        change.put("cancel_reason", reason == null ? "customer" : reason);
        return update(shop, ResourceType.ORDERS, id, change);
    }

    /** Fulfils an order: {@code orders/updated} and {@code orders/fulfilled}. */
    public Optional<ObjectNode> fulfillOrder(Shop shop, long id) {
        ObjectNode change = JSON.createObjectNode();
        change.put("fulfillment_status", "fulfilled");
        return update(shop, ResourceType.ORDERS, id, change);
    }

    public String now(Shop shop) {
        return OffsetDateTime.now(clock.withZone(shop.zone())).format(TIME);
    }

    private static java.util.List<String> consequences(ResourceType type, ObjectNode before, ObjectNode after) {
        java.util.List<String> topics = new java.util.ArrayList<>();
        if (type == ResourceType.ORDERS) {
            if (changedTo(before, after, "financial_status", "paid")) {
                topics.add("orders/paid");
            }
            if (isBlank(before.get("cancelled_at")) && !isBlank(after.get("cancelled_at"))) {
                topics.add("orders/cancelled");
            }
            if (changedTo(before, after, "fulfillment_status", "fulfilled")) {
                topics.add("orders/fulfilled");
            }
            if (changedTo(before, after, "fulfillment_status", "partial")) {
                topics.add("orders/partially_fulfilled");
            }
        } else if (type == ResourceType.CUSTOMERS) {
            if (changedTo(before, after, "state", "enabled")) {
                topics.add("customers/enable");
            }
            if (changedTo(before, after, "state", "disabled")) {
                topics.add("customers/disable");
            }
        }
        return topics;
    }

    private static boolean changedTo(ObjectNode before, ObjectNode after, String field, String value) {
        String old = text(before.get(field));
        return value.equals(text(after.get(field))) && !Objects.equals(old, value);
    }

    private static boolean isBlank(JsonNode node) {
        return node == null || node.isNull() || (node.isString() && node.asString().isEmpty());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private ObjectNode defaults(Shop shop, ResourceType type, long id, String now) {
        ObjectNode node = JSON.createObjectNode();
        switch (type) {
            case ORDERS -> {
                long number = shop.nextOrderNumber();
                node.put("email", "");
                node.putNull("closed_at");
                node.putNull("cancelled_at");
                node.putNull("cancel_reason");
                node.put("confirmed", true);
                node.put("currency", "USD");
                node.put("financial_status", "pending");
                node.putNull("fulfillment_status");
                node.put("name", "#" + number);
                node.put("number", number - 1000);
                node.put("order_number", number);
                node.put("processed_at", now);
                node.put("subtotal_price", "0.00");
                node.put("total_price", "0.00");
                node.put("total_tax", "0.00");
                node.put("taxes_included", false);
                node.put("test", false);
                node.put("tags", "");
                node.putArray("line_items");
                node.putNull("customer");
            }
            case CUSTOMERS -> {
                node.put("email", "customer" + id + "@example.com");
                node.put("accepts_marketing", false);
                node.put("first_name", "");
                node.put("last_name", "");
                node.put("orders_count", 0);
                node.put("state", "enabled");
                node.put("total_spent", "0.00");
                node.putNull("last_order_id");
                node.putNull("note");
                node.put("verified_email", true);
                node.put("tax_exempt", false);
                node.put("tags", "");
                node.put("currency", "USD");
                node.putArray("addresses");
            }
            case PRODUCTS -> {
                node.put("title", "Product " + id);
                node.put("body_html", "");
                node.put("vendor", shop.name());
                node.put("product_type", "");
                node.put("handle", ("product-" + id).toLowerCase(Locale.ROOT));
                node.put("published_at", now);
                node.put("template_suffix", "");
                node.put("published_scope", "web");
                node.put("tags", "");
                node.put("status", "active");
                node.putArray("variants");
                node.putArray("options");
                node.putArray("images");
            }
        }
        return node;
    }
}
