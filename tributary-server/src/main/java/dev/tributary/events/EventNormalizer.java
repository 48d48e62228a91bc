package dev.tributary.events;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * Turns a Shopify topic and payload into a normalized event (SPEC 2.6). Pure: the table of topics
 * lives here and nowhere else.
 * <ul>
 * <li>{@code objectType}: the topic's resource ({@code orders/create} gives {@code orders});</li>
 * <li>{@code eventType}: {@code CREATED} for {@code create}, {@code DELETED} for {@code delete},
 * {@code UPDATED} for {@code update}, {@code updated} and every other action;</li>
 * <li>{@code objectId}: the payload's {@code id} as a string; for {@code inventory_levels}
 * {@code <inventory_item_id>:<location_id>}; else {@code admin_graphql_api_id}; else null.</li>
 * </ul>
 */
public final class EventNormalizer {

    private EventNormalizer() {
    }

    /** The parts of a normalized event that come from Shopify's topic and payload. */
    public record NormalizedEvent(String objectType, String objectId, String eventType, String providerEventType) {
    }

    /**
     * @param payload the parsed body, or null when the body was not valid JSON (objectId is then null)
     */
    public static NormalizedEvent normalize(String topic, JsonNode payload) {
        String normalizedTopic = topic == null ? "" : topic.strip().toLowerCase(Locale.ROOT);
        int slash = normalizedTopic.indexOf('/');
        String resource = slash < 0 ? normalizedTopic : normalizedTopic.substring(0, slash);
        String action = slash < 0 ? "" : normalizedTopic.substring(slash + 1);
        return new NormalizedEvent(resource, objectId(resource, payload), eventType(action), topic);
    }

    static String eventType(String action) {
        return switch (action) {
            case "create" -> "CREATED";
            case "delete" -> "DELETED";
            default -> "UPDATED";
        };
    }

    static String objectId(String resource, JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return null;
        }
        if (resource.equals("inventory_levels")) {
            String item = scalar(payload.get("inventory_item_id"));
            String location = scalar(payload.get("location_id"));
            if (item != null && location != null) {
                return item + ":" + location;
            }
        }
        String id = scalar(payload.get("id"));
        if (id != null) {
            return id;
        }
        return scalar(payload.get("admin_graphql_api_id"));
    }

    /** A number or string as text; anything else (null, objects, arrays, empty text) is no id. */
    private static String scalar(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isString() && !value.asString().isBlank()) {
            return value.asString();
        }
        if (value.isNumber()) {
            return value.asString();
        }
        return null;
    }
}
