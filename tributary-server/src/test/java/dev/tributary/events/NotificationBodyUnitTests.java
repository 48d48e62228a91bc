package dev.tributary.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tributary.events.NotificationBody.Event;
import dev.tributary.events.NotificationBody.Header;
import dev.tributary.events.NotificationBody.Notification;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NotificationBodyUnitTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant TRIGGERED = Instant.parse("2026-11-28T15:04:05Z");
    private static final Header HEADER = new Header(1, 42, "My store", List.of("a", "b"), "webhook", "orders/create",
            "mystore.myshopify.com", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", TRIGGERED);

    private static List<Notification> build(List<Event> events, String rawJson, String rawText, int max) {
        AtomicInteger ids = new AtomicInteger();
        return NotificationBody.build(HEADER, events, rawJson, rawText, max, () -> "evt-" + ids.incrementAndGet());
    }

    private static List<Notification> build(List<Event> events, NotificationBody.ProviderBody raw, int max) {
        AtomicInteger ids = new AtomicInteger();
        return NotificationBody.build(HEADER, events, raw, max, () -> "evt-" + ids.incrementAndGet());
    }

    @Test
    void has_the_specs_shape_with_the_raw_body_byte_for_byte() throws Exception {
        String raw = Files.readString(Path.of("src", "test", "resources", "fixtures", "shopify", "orders_create.json"));
        Event event = new Event("orders", "450789469", "CREATED", "orders/create", TRIGGERED);
        NotificationBody.ProviderBody read = NotificationBody.read(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(read.isJson()).isTrue();
        Notification notification = build(List.of(event), read, 20).get(0);
        assertThat(notification.body()).isEqualTo(build(List.of(event), raw, null, 20).get(0).body());

        String body = new String(notification.body(), StandardCharsets.UTF_8);
        assertThat(body).contains(raw);
        JsonNode message = JSON.readTree(notification.body()).get("message");
        assertThat(message.get("eventId").asString()).isEqualTo("evt-1").isEqualTo(notification.eventId());
        assertThat(message.get("elementKey").asString()).isEqualTo("shopify");
        assertThat(message.get("hubKey").asString()).isEqualTo("ecommerce");
        assertThat(message.get("accountId").asLong()).isEqualTo(1);
        assertThat(message.get("instanceId").asLong()).isEqualTo(42);
        assertThat(message.get("instanceName").asString()).isEqualTo("My store");
        assertThat(message.get("instanceTags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(message.get("source").asString()).isEqualTo("webhook");
        assertThat(message.get("topic").asString()).isEqualTo("orders/create");
        assertThat(message.get("shopDomain").asString()).isEqualTo("mystore.myshopify.com");
        assertThat(message.get("webhookId").asString()).isEqualTo("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
        assertThat(message.get("triggeredAt").asString()).isEqualTo("2026-11-28T15:04:05Z");
        JsonNode only = message.get("events").get(0);
        assertThat(only.get("elementKey").asString()).isEqualTo("shopify");
        assertThat(only.get("objectType").asString()).isEqualTo("orders");
        assertThat(only.get("objectId").asString()).isEqualTo("450789469");
        assertThat(only.get("eventType").asString()).isEqualTo("CREATED");
        assertThat(only.get("providerEventType").asString()).isEqualTo("orders/create");
        assertThat(only.get("eventDate").asString()).isEqualTo("2026-11-28T15:04:05Z");
        assertThat(message.get("raw")).isEqualTo(JSON.readTree(raw));
    }

    @Test
    void a_body_that_is_not_json_is_carried_as_a_string() {
        byte[] raw = "{not json".getBytes(StandardCharsets.UTF_8);
        assertThat(NotificationBody.read(raw).isJson()).isFalse();
        assertThat(NotificationBody.read("{} trailing".getBytes(StandardCharsets.UTF_8)).isJson()).isFalse();
        assertThat(NotificationBody.read("{\"a\": [1, {\"b\": }]}".getBytes(StandardCharsets.UTF_8)).isJson())
                .as("an error deep inside a value the scan skips").isFalse();
        Notification notification = build(List.of(new Event("orders", null, "CREATED", "orders/create", TRIGGERED)),
                null, "{not json", 20).get(0);
        JsonNode message = JSON.readTree(notification.body()).get("message");
        assertThat(message.get("raw").asString()).isEqualTo("{not json");
        assertThat(message.get("events").get(0).get("objectId").isNull()).isTrue();
    }

    @Test
    void many_events_are_split_each_notification_carrying_the_whole_raw_body() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            events.add(new Event("orders", Integer.toString(i), "UPDATED", "orders/updated", TRIGGERED));
        }
        List<Notification> notifications = build(events, "{\"orders\": []}", null, 20);
        assertThat(notifications).extracting(n -> n.events().size()).containsExactly(20, 20, 5);
        assertThat(notifications).extracting(Notification::eventId).doesNotHaveDuplicates();
        for (Notification notification : notifications) {
            assertThat(JSON.readTree(notification.body()).get("message").get("raw").toString()).isEqualTo("{\"orders\":[]}");
        }
        assertThat(build(events, "{}", null, NotificationBody.MAX_POLLING_EVENTS)).hasSize(5);
    }

    /** Empty and byte-order-marked bodies (found by WebhookBodyFuzzUnitTests) and bodies the parser reads in
     * another encoding gave receivers a notification that was not JSON. */
    @Test
    void bodies_the_json_parser_half_reads_are_still_sent_as_json() {
        byte[][] bodies = {
                new byte[0],
                " \n\t".getBytes(StandardCharsets.UTF_8),
                "\uFEFF{\"id\":7}".getBytes(StandardCharsets.UTF_8),
                "{\"id\":8}".getBytes(StandardCharsets.UTF_16LE),
                "{\"id\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1),
        };
        for (byte[] body : bodies) {
            NotificationBody.ProviderBody raw = NotificationBody.read(body);
            Notification notification = build(List.of(new Event("orders", null, "CREATED", "orders/create", TRIGGERED)),
                    raw, 20).get(0);
            assertThat(JSON.readTree(notification.body()).get("message").has("raw")).as(new String(body, StandardCharsets.UTF_8))
                    .isTrue();
        }
        NotificationBody.ProviderBody withBom = NotificationBody.read("\uFEFF{\"id\":7}".getBytes(StandardCharsets.UTF_8));
        assertThat(withBom.jsonOffset()).isEqualTo(3);
        assertThat(withBom.summary().get("id").asLong()).isEqualTo(7);
        assertThat(JSON.readTree(build(List.of(new Event("orders", "7", "CREATED", "orders/create", TRIGGERED)), withBom, 20)
                .get(0).body()).get("message").get("raw").toString()).isEqualTo("{\"id\":7}");
        // Found by WebhookBodyFuzzUnitTests: a body that is not JSON keeps its byte order mark.
        assertThat(NotificationBody.read("\uFEFF[nu,l]".getBytes(StandardCharsets.UTF_8)).text()).isEqualTo("\uFEFF[nu,l]");
        assertThat(NotificationBody.read(new byte[0]).summary()).isNull();
        assertThat(NotificationBody.read(new byte[0]).text()).isEmpty();
    }

    @Test
    void stored_without_its_provider_body_it_is_put_back_byte_for_byte_from_the_body_as_received() throws Exception {
        List<byte[]> received = new ArrayList<>();
        try (var fixtures = Files.list(Path.of("src", "test", "resources", "fixtures", "shopify"))) {
            for (Path fixture : fixtures.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                received.add(Files.readAllBytes(fixture));
            }
        }
        received.add("  {\"note\": \"caf\u00e9 \u20ac \ud83d\udce6\", \"id\": 1}\n".getBytes(StandardCharsets.UTF_8));
        byte[] withMark = "\uFEFF{\"id\": 2}".getBytes(StandardCharsets.UTF_8);
        received.add(withMark);
        for (byte[] body : received) {
            NotificationBody.ProviderBody provider = NotificationBody.read(body);
            assertThat(provider.isJson()).isTrue();
            Event event = new Event("orders", "1", "CREATED", "orders/create", TRIGGERED);
            for (Notification notification : build(List.of(event, event, event), provider, 2)) {
                assertThat(notification.embedsRaw()).isTrue();
                byte[] envelope = notification.envelope();
                int mark = body == withMark ? 3 : 0;
                assertThat(envelope.length).as("without the provider body").isEqualTo(notification.body().length - (body.length - mark));
                assertThat(NotificationBody.assemble(envelope, notification.rawOffset(), body))
                        .isEqualTo(notification.body());
            }
        }
    }

    @Test
    void a_body_carried_as_a_string_is_stored_whole() {
        Notification notification = build(List.of(new Event("orders", null, "CREATED", "orders/create", TRIGGERED)),
                null, "{not json", 20).get(0);
        assertThat(notification.embedsRaw()).isFalse();
        assertThat(notification.envelope()).isSameAs(notification.body());
    }

    @Test
    void the_summary_keeps_the_top_level_ids_and_time_and_nothing_nested() {
        NotificationBody.ProviderBody raw = NotificationBody.read(("{\"id\": 450789469, \"note\": \"x\","
                + " \"customer\": {\"id\": 1, \"updated_at\": \"2020-01-01T00:00:00Z\"},"
                + " \"updated_at\": \"2026-11-28T15:04:05-05:00\", \"admin_graphql_api_id\": \"gid://shopify/Order/450789469\","
                + " \"location_id\": null, \"inventory_item_id\": [1], \"id\": 450789470}").getBytes(StandardCharsets.UTF_8));
        assertThat(raw.summary().get("id").asLong()).as("a later duplicate wins, as in a tree").isEqualTo(450789470L);
        assertThat(raw.summary().get("updated_at").asString()).isEqualTo("2026-11-28T15:04:05-05:00");
        assertThat(raw.summary().get("admin_graphql_api_id").asString()).isEqualTo("gid://shopify/Order/450789469");
        assertThat(raw.summary().get("location_id").isNull()).isTrue();
        assertThat(raw.summary().has("inventory_item_id")).isFalse();
        assertThat(raw.summary().has("note")).isFalse();
        assertThat(raw.summary().has("customer")).isFalse();
        assertThat(NotificationBody.read("[1, 2]".getBytes(StandardCharsets.UTF_8)).summary().isArray()).isTrue();
    }

    @Test
    void only_well_formed_utf8_without_nul_is_json() {
        assertThat(NotificationBody.read("{\"a\": \"\u00e9\u20ac\ud83d\udce6\"}".getBytes(StandardCharsets.UTF_8)).isJson()).isTrue();
        byte[][] notUtf8 = {
                {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, // overlong
                {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // a surrogate
                {'{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'}, // past U+10FFFF
                {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'}, // cut short
                {'{', '}', 0}, // a NUL
                "{\"id\":8}".getBytes(StandardCharsets.UTF_16BE),
        };
        for (byte[] body : notUtf8) {
            NotificationBody.ProviderBody raw = NotificationBody.read(body);
            assertThat(raw.isJson()).isFalse();
            assertThat(raw.text()).isEqualTo(new String(body, StandardCharsets.UTF_8));
        }
    }
}
