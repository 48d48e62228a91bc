package dev.tributary.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.tributary.events.EventNormalizer.NormalizedEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventNormalizerUnitTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures", "shopify");

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "orders/create, orders, CREATED",
            "orders/updated, orders, UPDATED",
            "orders/paid, orders, UPDATED",
            "orders/cancelled, orders, UPDATED",
            "orders/fulfilled, orders, UPDATED",
            "orders/partially_fulfilled, orders, UPDATED",
            "orders/edited, orders, UPDATED",
            "orders/delete, orders, DELETED",
            "customers/create, customers, CREATED",
            "customers/update, customers, UPDATED",
            "customers/enable, customers, UPDATED",
            "customers/disable, customers, UPDATED",
            "customers/delete, customers, DELETED",
            "products/update, products, UPDATED",
            "collections/delete, collections, DELETED",
            "inventory_levels/connect, inventory_levels, UPDATED",
            "inventory_items/create, inventory_items, CREATED",
            "fulfillments/create, fulfillments, CREATED",
            "refunds/create, refunds, CREATED",
            "checkouts/delete, checkouts, DELETED",
            "app/uninstalled, app, UPDATED",
            "shop/update, shop, UPDATED",
            "shop/redact, shop, UPDATED",
            "customers/data_request, customers, UPDATED",
    })
    void topics_map_to_object_and_event_types(String topic, String objectType, String eventType) {
        NormalizedEvent event = EventNormalizer.normalize(topic, JSON.readTree("{\"id\": 1}"));
        assertThat(event.objectType()).isEqualTo(objectType);
        assertThat(event.eventType()).isEqualTo(eventType);
        assertThat(event.providerEventType()).isEqualTo(topic);
    }

    @Test
    void object_ids_come_from_the_payload_as_strings() {
        assertThat(EventNormalizer.normalize("orders/create", JSON.readTree("{\"id\": 450789469}")).objectId())
                .isEqualTo("450789469");
        assertThat(EventNormalizer.normalize("orders/create", JSON.readTree("{\"id\": 12345678901234567890}")).objectId())
                .isEqualTo("12345678901234567890");
        assertThat(EventNormalizer.normalize("carts/create", JSON.readTree("{\"id\": \"eeafa272cebfd4b22385bc4b645e762c\"}"))
                .objectId()).isEqualTo("eeafa272cebfd4b22385bc4b645e762c");
        assertThat(EventNormalizer.normalize("shop/update", JSON.readTree("{\"admin_graphql_api_id\": \"gid://shopify/Shop/1\"}"))
                .objectId()).isEqualTo("gid://shopify/Shop/1");
        assertThat(EventNormalizer.normalize("shop/redact", JSON.readTree("{\"shop_id\": 1}")).objectId()).isNull();
        assertThat(EventNormalizer.normalize("orders/create", JSON.readTree("{\"id\": null}")).objectId()).isNull();
        assertThat(EventNormalizer.normalize("orders/create", JSON.readTree("{\"id\": {\"nested\": 1}}")).objectId()).isNull();
        assertThat(EventNormalizer.normalize("orders/create", JSON.readTree("[1, 2]")).objectId()).isNull();
        assertThat(EventNormalizer.normalize("orders/create", null).objectId()).isNull();
    }

    @Test
    void real_shopify_payloads_normalize_as_expected() throws Exception {
        assertThat(EventNormalizer.normalize("orders/create", fixture("orders_create.json")))
                .isEqualTo(new NormalizedEvent("orders", "450789469", "CREATED", "orders/create"));
        assertThat(EventNormalizer.normalize("products/delete", fixture("products_delete.json")).eventType())
                .isEqualTo("DELETED");
        NormalizedEvent inventory = EventNormalizer.normalize("inventory_levels/update", fixture("inventory_levels_update.json"));
        JsonNode body = fixture("inventory_levels_update.json");
        assertThat(inventory.objectId()).isEqualTo(body.get("inventory_item_id").asString() + ":" + body.get("location_id").asString());
    }

    private static JsonNode fixture(String name) throws Exception {
        return JSON.readTree(Files.readString(FIXTURES.resolve(name)));
    }
}
