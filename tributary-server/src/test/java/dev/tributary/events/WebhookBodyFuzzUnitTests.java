package dev.tributary.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tributary.events.NotificationBody.Event;
import dev.tributary.events.NotificationBody.Header;
import dev.tributary.events.NotificationBody.Notification;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes what ingest does with a webhook (WebhookIngest): parse the body, normalize the topic and
 * payload, build the notification. An input is the topic (the {@code X-Shopify-Topic} header, read as
 * ISO-8859-1 like Tomcat does), a newline, then the raw body bytes. The normal build replays the seeds
 * in {@code WebhookBodyFuzzUnitTestsInputs/}; {@code -Pfuzz} searches for new inputs
 * (docs/reliability.md, "Fuzzing").
 */
class WebhookBodyFuzzUnitTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant TRIGGERED = Instant.parse("2026-11-28T15:04:05Z");

    @FuzzTest(maxDuration = "2m")
    void any_body_and_topic_give_a_notification_that_is_json(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        String topic = new String(input, 0, newline, StandardCharsets.ISO_8859_1);
        byte[] body = newline < input.length ? Arrays.copyOfRange(input, newline + 1, input.length) : new byte[0];

        // As WebhookIngest does it.
        NotificationBody.ProviderBody raw = NotificationBody.read(body);
        JsonNode payload = wholeTree(body);
        assertThat(raw.isJson()).as("JSON exactly when the whole body parses as JSON in UTF-8").isEqualTo(payload != null);
        EventNormalizer.NormalizedEvent event = EventNormalizer.normalize(topic, raw.summary());
        assertThat(event).as("the summary normalizes as the whole tree does").isEqualTo(EventNormalizer.normalize(topic, payload));
        Header header = new Header(1, 42, "My store", List.of("a"), "webhook", topic, "mystore.myshopify.com",
                "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", TRIGGERED);
        List<Notification> notifications = NotificationBody.build(header,
                List.of(new Event(event.objectType(), event.objectId(), event.eventType(), event.providerEventType(),
                        TRIGGERED)),
                raw, NotificationBody.MAX_WEBHOOK_EVENTS, () -> "evt-1");

        assertThat(event.eventType()).isIn(Set.of("CREATED", "UPDATED", "DELETED"));
        assertThat(event.providerEventType()).isEqualTo(topic);
        assertThat(topic.strip().toLowerCase(java.util.Locale.ROOT)).startsWith(event.objectType());
        assertThat(notifications).hasSize(1);
        // What a receiver gets is one JSON document, whatever Shopify (or anyone) sent.
        JsonNode message = JSON.readTree(notifications.get(0).body()).get("message");
        assertThat(message.get("topic").asString()).isEqualTo(topic);
        assertThat(message.get("events").get(0).get("objectType").asString()).isEqualTo(event.objectType());
        if (payload != null) {
            assertThat(message.get("raw")).isEqualTo(payload);
            // Byte for byte: the body's own text, less a byte order mark.
            byte[] sent = notifications.get(0).body();
            int length = body.length - raw.jsonOffset();
            assertThat(Arrays.copyOfRange(sent, notifications.get(0).rawOffset(), notifications.get(0).rawOffset() + length))
                    .isEqualTo(Arrays.copyOfRange(body, raw.jsonOffset(), body.length));
        } else {
            assertThat(message.get("raw").asString()).isEqualTo(new String(body, StandardCharsets.UTF_8));
        }
    }

    /** The body as a tree, the way ingest read it before it scanned: strict UTF-8, less a byte order mark. */
    private static JsonNode wholeTree(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            JsonNode tree = JSON.readTree(text);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return bytes.length;
    }
}
