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

    @Test
    void has_the_specs_shape_with_the_raw_body_byte_for_byte() throws Exception {
        String raw = Files.readString(Path.of("src", "test", "resources", "fixtures", "shopify", "orders_create.json"));
        Event event = new Event("orders", "450789469", "CREATED", "orders/create", TRIGGERED);
        assertThat(NotificationBody.parseOrNull(raw.getBytes(StandardCharsets.UTF_8))).isNotNull();
        Notification notification = build(List.of(event), raw, null, 20).get(0);

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
        assertThat(NotificationBody.parseOrNull(raw)).isNull();
        assertThat(NotificationBody.parseOrNull("{} trailing".getBytes(StandardCharsets.UTF_8))).isNull();
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
                    raw.json(), raw.text(), 20).get(0);
            assertThat(JSON.readTree(notification.body()).get("message").has("raw")).as(new String(body, StandardCharsets.UTF_8))
                    .isTrue();
        }
        NotificationBody.ProviderBody withBom = NotificationBody.read("\uFEFF{\"id\":7}".getBytes(StandardCharsets.UTF_8));
        assertThat(withBom.json()).isEqualTo("{\"id\":7}");
        assertThat(withBom.payload().get("id").asLong()).isEqualTo(7);
        // Found by WebhookBodyFuzzUnitTests: a body that is not JSON keeps its byte order mark.
        assertThat(NotificationBody.read("\uFEFF[nu,l]".getBytes(StandardCharsets.UTF_8)).text()).isEqualTo("\uFEFF[nu,l]");
        assertThat(NotificationBody.read(new byte[0]).payload()).isNull();
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
            assertThat(provider.json()).isNotNull();
            Event event = new Event("orders", "1", "CREATED", "orders/create", TRIGGERED);
            for (Notification notification : build(List.of(event, event, event), provider.json(), null, 2)) {
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
}
