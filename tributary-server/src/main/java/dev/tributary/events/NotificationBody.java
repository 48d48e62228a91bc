package dev.tributary.events;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.tributary.elements.ShopifyElement;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
            if (!embedsRaw()) {
                return body;
            }
            byte[] envelope = new byte[body.length - rawLength];
            System.arraycopy(body, 0, envelope, 0, rawOffset);
            System.arraycopy(body, rawOffset + rawLength, envelope, rawOffset, body.length - rawOffset - rawLength);
            return envelope;
        }
    }

    /**
     * The exact body of a notification stored as its {@linkplain Notification#envelope() envelope},
     * given the provider body as received (a leading byte order mark is left out, as when it was
     * embedded).
     */
    public static byte[] assemble(byte[] envelope, int rawOffset, byte[] received) {
        int skip = hasByteOrderMark(received) ? BYTE_ORDER_MARK.length : 0;
        int rawLength = received.length - skip;
        byte[] body = new byte[envelope.length + rawLength];
        System.arraycopy(envelope, 0, body, 0, rawOffset);
        System.arraycopy(received, skip, body, rawOffset, rawLength);
        System.arraycopy(envelope, rawOffset, body, rawOffset + rawLength, envelope.length - rawOffset);
        return body;
    }

    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static boolean hasByteOrderMark(byte[] body) {
        return body.length >= 3 && body[0] == BYTE_ORDER_MARK[0] && body[1] == BYTE_ORDER_MARK[1]
                && body[2] == BYTE_ORDER_MARK[2];
    }

    /**
     * Builds the notifications for {@code events}, split by {@code maxEvents}.
     *
     * @param rawJson the provider body as JSON text, or null when it was not valid JSON
     * @param rawText the provider body as text, used when {@code rawJson} is null
     */
    public static List<Notification> build(Header header, List<Event> events, String rawJson, String rawText,
            int maxEvents, Supplier<String> eventIds) {
        List<Notification> notifications = new ArrayList<>();
        for (int from = 0; from < Math.max(events.size(), 1); from += maxEvents) {
            List<Event> slice = events.subList(Math.min(from, events.size()), Math.min(from + maxEvents, events.size()));
            String eventId = eventIds.get();
            notifications.add(write(header, eventId, List.copyOf(slice), rawJson, rawText));
        }
        return notifications;
    }

    private static Notification write(Header header, String eventId, List<Event> events, String rawJson, String rawText) {
        int rawEnd = -1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + (rawJson != null ? rawJson.length() : rawText.length()));
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
            if (rawJson != null) {
                json.writeRawValue(rawJson);
                json.flush();
                rawEnd = out.size();
            } else {
                json.writeString(rawText);
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        byte[] body = out.toByteArray();
        if (rawEnd < 0) {
            return new Notification(eventId, events, body);
        }
        int rawLength = utf8Length(rawJson);
        return new Notification(eventId, events, body, rawEnd - rawLength, rawLength);
    }

    /** The UTF-8 length of text decoded from valid UTF-8 (so without lone surrogates). */
    private static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /**
     * A provider body as read once: {@code payload} and {@code json} (the text to embed byte for byte)
     * when it is one JSON value in UTF-8, else both null and {@code text} to carry as a string.
     */
    public record ProviderBody(JsonNode payload, String json, String text) {
    }

    /**
     * Reads a provider body. Only UTF-8 counts as JSON: the body is embedded as text, and a body the
     * parser would read in another encoding (UTF-16, invalid bytes) would not be JSON once embedded.
     * A leading byte order mark is left out; an empty or blank body is no JSON value.
     */
    public static ProviderBody read(byte[] body) {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new ProviderBody(null, null, new String(body, StandardCharsets.UTF_8));
        }
        String text = json;
        if (json.startsWith("\uFEFF")) {
            json = json.substring(1);
        }
        try {
            JsonNode payload = JSON.readTree(json);
            if (payload != null && !payload.isMissingNode()) {
                return new ProviderBody(payload, json, null);
            }
        } catch (RuntimeException e) {
            // not JSON: carried as text, as it came
        }
        return new ProviderBody(null, null, text);
    }

    /** The provider body parsed, or null when it is not one valid JSON value in UTF-8. */
    public static JsonNode parseOrNull(byte[] body) {
        return read(body).payload();
    }
}
