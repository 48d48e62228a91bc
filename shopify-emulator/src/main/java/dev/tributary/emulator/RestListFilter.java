package dev.tributary.emulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The filters of a REST list or count request ({@code since_id}, {@code ids}, the
 * {@code created_at}/{@code updated_at} ranges, an order {@code status}, a webhook {@code topic} or
 * {@code address}), parsed from the query. Keeps the parameters as given, so that a page_info can
 * carry them to the following pages.
 */
record RestListFilter(Map<String, String> parameters, Long sinceId, Set<Long> ids, Instant createdAtMin,
        Instant createdAtMax, Instant updatedAtMin, Instant updatedAtMax, String status, String topic,
        String address) {

    /** What orders, customers and products are filtered by. */
    static final Set<String> RESOURCE_FILTERS = Set.of("since_id", "ids", "created_at_min", "created_at_max",
            "updated_at_min", "updated_at_max");

    static final Set<String> ORDER_FILTERS = union(RESOURCE_FILTERS, Set.of("status"));

    static final Set<String> WEBHOOK_FILTERS = Set.of("since_id", "address", "topic", "created_at_min",
            "created_at_max", "updated_at_min", "updated_at_max");

    static final Set<String> ORDER_STATUSES = Set.of("open", "closed", "cancelled", "any");

    /** The status an order list has when none is asked for: open orders only, as on Shopify. */
    static final String DEFAULT_ORDER_STATUS = "open";

    RestListFilter {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        ids = ids == null ? null : Set.copyOf(ids);
    }

    /**
     * Reads the {@code accepted} filters from the query and ignores the rest, as Shopify ignores
     * parameters it does not know. Times without an offset are in the shop's zone.
     *
     * @throws InvalidParameter when a value cannot be read
     */
    static RestListFilter parse(Map<String, String> query, Set<String> accepted, ZoneId shopZone) {
        Map<String, String> given = new LinkedHashMap<>();
        query.forEach((name, value) -> {
            if (accepted.contains(name) && value != null && !value.isBlank()) {
                given.put(name, value.strip());
            }
        });
        String status = accepted.contains("status") ? given.getOrDefault("status", DEFAULT_ORDER_STATUS) : null;
        if (status != null && !ORDER_STATUSES.contains(status)) {
            throw new InvalidParameter("status");
        }
        return new RestListFilter(given, id(given, "since_id"), ids(given), time(given, "created_at_min", shopZone),
                time(given, "created_at_max", shopZone), time(given, "updated_at_min", shopZone),
                time(given, "updated_at_max", shopZone), status, given.get("topic"), given.get("address"));
    }

    /** Whether a rendered resource or webhook passes every filter. */
    boolean matches(ObjectNode item) {
        long id = item.path("id").asLong();
        return (sinceId == null || id > sinceId)
                && (ids == null || ids.contains(id))
                && within(item.get("created_at"), createdAtMin, createdAtMax)
                && within(item.get("updated_at"), updatedAtMin, updatedAtMax)
                && hasStatus(item)
                && (topic == null || topic.equals(item.path("topic").asString()))
                && (address == null || address.equals(item.path("address").asString()));
    }

    private boolean hasStatus(ObjectNode order) {
        if (status == null) {
            return true;
        }
        boolean closed = isSet(order.get("closed_at"));
        boolean cancelled = isSet(order.get("cancelled_at"));
        return switch (status) {
            case "open" -> !closed && !cancelled;
            case "closed" -> closed;
            case "cancelled" -> cancelled;
            default -> true;
        };
    }

    private static boolean within(JsonNode value, Instant min, Instant max) {
        if (min == null && max == null) {
            return true;
        }
        if (!isSet(value)) {
            return false;
        }
        Instant time = OffsetDateTime.parse(value.asString()).toInstant();
        return (min == null || !time.isBefore(min)) && (max == null || !time.isAfter(max));
    }

    private static boolean isSet(JsonNode value) {
        return value != null && !value.isNull() && !(value.isString() && value.asString().isEmpty());
    }

    private static Long id(Map<String, String> given, String name) {
        String value = given.get(name);
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameter(name);
        }
    }

    private static Set<Long> ids(Map<String, String> given) {
        String value = given.get("ids");
        if (value == null) {
            return null;
        }
        try {
            return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Long::valueOf)
                    .collect(Collectors.toSet());
        } catch (NumberFormatException e) {
            throw new InvalidParameter("ids");
        }
    }

    /** ISO-8601 with an offset; a '+' that arrived unescaped in a query string reads as a space. */
    static Instant time(Map<String, String> given, String name, ZoneId shopZone) {
        String value = given.get(name);
        if (value == null) {
            return null;
        }
        String text = value.replace(' ', '+');
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return text.contains("T")
                        ? LocalDateTime.parse(text).atZone(shopZone).toInstant()
                        : LocalDate.parse(text).atStartOfDay(shopZone).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidParameter(name);
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toUnmodifiableSet());
    }

    /** A query parameter whose value cannot be read; answered with 400. */
    static final class InvalidParameter extends RuntimeException {

        private final String parameter;

        InvalidParameter(String parameter) {
            super("invalid value for " + parameter, null, false, false);
            this.parameter = parameter;
        }

        String parameter() {
            return parameter;
        }
    }
}
