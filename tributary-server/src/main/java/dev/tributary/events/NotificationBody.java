package dev.tributary.events;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.tributary.elements.ShopifyElement;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the body a callback receives (SPEC 2.6): {@code {"message": {...header..., "events": [...],
 * "raw": <provider body>}}}. The provider body is embedded byte for byte when it is JSON, as a JSON
 * string when it is not. Events beyond the per-notification limit are split over several
 * notifications, each carrying the whole raw body. Pure.
 */
public final class NotificationBody {

    /** At most this many events per notification from webhooks. */
    public static final int MAX_WEBHOOK_EVENTS = 20;
    /** At most this many events per notification from polling. */
    public static final int MAX_POLLING_EVENTS = 10;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Reads the value at the parser's token and leaves the parser there, so a scan can go on after it. */
    private static final ObjectReader VALUE = JSON.readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private NotificationBody() {
    }

    /** What every notification of one provider message shares. */
    public record Header(long accountId, long instanceId, String instanceName, List<String> instanceTags, String source,
            String topic, String shopDomain, String webhookId, Instant triggeredAt) {
    }

    /** One event of a notification. */
    public record Event(String objectType, String objectId, String eventType, String providerEventType, Instant eventDate) {
    }

    /**
     * A notification ready to store and send: its id, its events and its exact bytes.
     *
     * @param rawOffset where the provider body starts in {@code body} when it is embedded byte for
     *                  byte (JSON; a leading byte order mark left out), else -1
     * @param rawLength how many bytes of {@code body} it takes there
     */
    public record Notification(String eventId, List<Event> events, byte[] body, int rawOffset, int rawLength) {

        public Notification(String eventId, List<Event> events, byte[] body) {
            this(eventId, events, body, -1, 0);
        }

        /** Whether the body can be stored without its provider body, to be put back from the received webhook. */
        public boolean embedsRaw() {
            return rawOffset >= 0;
        }

        /** The body without the embedded provider body; {@link #assemble} puts it back. */
        public byte[] envelope() {
            return embedsRaw() ? splice(body, rawOffset, rawLength, body, 0, 0) : body;
        }
    }

    /**
     * The exact body of a notification stored as its {@linkplain Notification#envelope() envelope},
     * given the provider body as received (a leading byte order mark is left out, as when it was
     * embedded).
     */
    public static byte[] assemble(byte[] envelope, int rawOffset, byte[] received) {
        int skip = hasByteOrderMark(received) ? BYTE_ORDER_MARK.length : 0;
        return splice(envelope, rawOffset, 0, received, skip, received.length - skip);
    }

    /** {@code target} with its {@code replaced} bytes at {@code at} replaced by {@code length} bytes of {@code source}. */
    private static byte[] splice(byte[] target, int at, int replaced, byte[] source, int from, int length) {
        byte[] spliced = new byte[target.length - replaced + length];
        System.arraycopy(target, 0, spliced, 0, at);
        System.arraycopy(source, from, spliced, at, length);
        System.arraycopy(target, at + replaced, spliced, at + length, target.length - at - replaced);
        return spliced;
    }

    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static boolean hasByteOrderMark(byte[] body) {
        return hasByteOrderMark(body, 0);
    }

    private static boolean hasByteOrderMark(byte[] body, int at) {
        return body.length >= at + 3 && body[at] == BYTE_ORDER_MARK[0] && body[at + 1] == BYTE_ORDER_MARK[1]
                && body[at + 2] == BYTE_ORDER_MARK[2];
    }

    /**
     * Builds the notifications for {@code events}, split by {@code maxEvents}.
     *
     * @param rawJson the provider body as JSON text, or null when it was not valid JSON
     * @param rawText the provider body as text, used when {@code rawJson} is null
     */
    public static List<Notification> build(Header header, List<Event> events, String rawJson, String rawText,
            int maxEvents, Supplier<String> eventIds) {
        ProviderBody raw = rawJson != null
                ? new ProviderBody(null, rawJson.getBytes(StandardCharsets.UTF_8), 0, null)
                : new ProviderBody(null, null, 0, rawText);
        return build(header, events, raw, maxEvents, eventIds);
    }

    /** Builds the notifications for {@code events}, split by {@code maxEvents}, embedding a provider body as read. */
    public static List<Notification> build(Header header, List<Event> events, ProviderBody raw, int maxEvents,
            Supplier<String> eventIds) {
        List<Notification> notifications = new ArrayList<>();
        for (int from = 0; from < Math.max(events.size(), 1); from += maxEvents) {
            List<Event> slice = events.subList(Math.min(from, events.size()), Math.min(from + maxEvents, events.size()));
            String eventId = eventIds.get();
            notifications.add(write(header, eventId, List.copyOf(slice), raw));
        }
        return notifications;
    }

    /**
     * Writes the envelope with a one-byte placeholder for a JSON provider body, then puts the body's
     * bytes in its place: the body is never decoded to text and encoded again.
     */
    private static Notification write(Header header, String eventId, List<Event> events, ProviderBody raw) {
        int placeholder = -1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + (raw.isJson() ? 0 : raw.text().length()));
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeName("message");
            json.writeStartObject();
            json.writeStringProperty("eventId", eventId);
            json.writeStringProperty("elementKey", ShopifyElement.KEY);
            json.writeStringProperty("hubKey", ShopifyElement.HUB);
            json.writeNumberProperty("accountId", header.accountId());
            json.writeNumberProperty("instanceId", header.instanceId());
            json.writeStringProperty("instanceName", header.instanceName());
            json.writeName("instanceTags");
            json.writeStartArray();
            for (String tag : header.instanceTags()) {
                json.writeString(tag);
            }
            json.writeEndArray();
            json.writeStringProperty("source", header.source());
            json.writeStringProperty("topic", header.topic());
            json.writeStringProperty("shopDomain", header.shopDomain());
            json.writeStringProperty("webhookId", header.webhookId());
            json.writeStringProperty("triggeredAt", header.triggeredAt() == null ? null : header.triggeredAt().toString());
            json.writeName("events");
            json.writeStartArray();
            for (Event event : events) {
                json.writeStartObject();
                json.writeStringProperty("elementKey", ShopifyElement.KEY);
                json.writeStringProperty("objectType", event.objectType());
                json.writeStringProperty("objectId", event.objectId());
                json.writeStringProperty("eventType", event.eventType());
                json.writeStringProperty("providerEventType", event.providerEventType());
                json.writeStringProperty("eventDate", event.eventDate() == null ? null : event.eventDate().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeName("raw");
            if (raw.isJson()) {
                json.writeRawValue("0");
                json.flush();
                placeholder = out.size() - 1;
            } else {
                json.writeString(raw.text());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        byte[] envelope = out.toByteArray();
        if (placeholder < 0) {
            return new Notification(eventId, events, envelope);
        }
        int rawLength = raw.jsonLength();
        return new Notification(eventId, events, splice(envelope, placeholder, 1, raw.body(), raw.jsonOffset(), rawLength),
                placeholder, rawLength);
    }

    /**
     * A provider body as read once. When it is one JSON value in UTF-8, {@code body} holds it from
     * {@code jsonOffset} (a leading byte order mark left out) to its end, embedded byte for byte,
     * and {@code summary} holds what events are made of: the top-level scalar fields of an object
     * named in {@link #SUMMARY_FIELDS} (the whole value when it is not an object). Otherwise
     * {@code text} is the body to carry as a JSON string and the rest is null.
     */
    public record ProviderBody(JsonNode summary, byte[] body, int jsonOffset, String text) {

        public boolean isJson() {
            return body != null;
        }

        int jsonLength() {
            return body.length - jsonOffset;
        }
    }

    /** The top-level fields normalization and reconciliation read: ids and the version's time. */
    public static final Set<String> SUMMARY_FIELDS = Set.of("id", "admin_graphql_api_id", "inventory_item_id",
            "location_id", "updated_at");

    /**
     * Reads a provider body. Only UTF-8 counts as JSON: the body is embedded as text, and a body the
     * parser would read in another encoding (UTF-16, invalid bytes) would not be JSON once embedded.
     * A leading byte order mark is left out; an empty or blank body is no JSON value. The body is
     * scanned, not built into a tree: only the summary fields are kept.
     */
    public static ProviderBody read(byte[] body) {
        int offset = hasByteOrderMark(body) ? BYTE_ORDER_MARK.length : 0;
        // A second mark would be skipped by the parser (found by WebhookBodyFuzzUnitTests) but is no JSON once embedded.
        if (Utf8.isValid(body, offset) && !hasByteOrderMark(body, offset)) {
            JsonNode summary = summarize(body, offset);
            if (summary != null) {
                return new ProviderBody(summary, body, offset, null);
            }
        }
        return new ProviderBody(null, null, 0, new String(body, StandardCharsets.UTF_8));
    }

    /** The summary of one JSON value with nothing after it, or null when the bytes are not that. */
    private static JsonNode summarize(byte[] body, int offset) {
        try (JsonParser parser = JSON.createParser(body, offset, body.length - offset)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            JsonNode summary;
            if (token == JsonToken.START_OBJECT) {
                ObjectNode fields = JSON.createObjectNode();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value.isScalarValue() && SUMMARY_FIELDS.contains(name)) {
                        fields.set(name, VALUE.<JsonNode>readValue(parser));
                    } else {
                        // Later duplicates win, as in a tree; a nested value is checked, not kept.
                        fields.remove(name);
                        parser.skipChildren();
                    }
                }
                summary = fields;
            } else {
                summary = VALUE.readValue(parser);
            }
            return parser.nextToken() == null ? summary : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
