package dev.tributary.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.ToLongFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cursor in a REST {@code page_info}: which list, its original filters, and the id the page
 * starts after (next) or ends before (previous). Opaque to clients: base64url JSON with a signature,
 * so a changed or made-up value is refused rather than misread.
 */
record RestPageInfo(String list, Map<String, String> filters, Direction direction, long cursorId) {

    /** Which way from the cursor the page lies. */
    enum Direction {
        NEXT, PREVIOUS
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int SIGNATURE_BYTES = 16;

    RestPageInfo {
        filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }

    String encode(byte[] key) {
        ObjectNode json = JSON.createObjectNode();
        json.put("list", list);
        json.put("direction", direction.name().toLowerCase(Locale.ROOT));
        json.put("cursor_id", cursorId);
        ObjectNode filterNode = json.putObject("filters");
        filters.forEach(filterNode::put);
        byte[] payload = JSON.writeValueAsBytes(json);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload, key));
    }

    /** @throws IllegalArgumentException when the value was not made by {@link #encode} with this key */
    static RestPageInfo decode(String pageInfo, byte[] key) {
        int dot = pageInfo.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("not a page_info");
        }
        byte[] payload = DECODER.decode(pageInfo.substring(0, dot));
        // Compared as text: base64 decoding ignores the spare bits of the last character.
        byte[] expected = ENCODER.encodeToString(sign(payload, key)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(pageInfo.substring(dot + 1).getBytes(StandardCharsets.US_ASCII), expected)) {
            throw new IllegalArgumentException("page_info signature does not match");
        }
        try {
            JsonNode json = JSON.readTree(payload);
            Map<String, String> filters = new LinkedHashMap<>();
            json.path("filters").properties().forEach(e -> filters.put(e.getKey(), e.getValue().asString()));
            return new RestPageInfo(json.path("list").asString(), filters,
                    Direction.valueOf(json.path("direction").asString().toUpperCase(Locale.ROOT)),
                    json.path("cursor_id").asLong());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("page_info is not readable", e);
        }
    }

    private static byte[] sign(byte[] payload, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /**
     * One page of a filtered list in display order (ids ascending, or descending when
     * {@code newestFirst}). Positions by id rather than by index, so that items added or removed
     * between requests neither repeat nor vanish from the pages around them.
     *
     * @param cursor null for the first page
     */
    static <T> Page<T> page(List<T> ordered, ToLongFunction<T> idOf, boolean newestFirst, RestPageInfo cursor,
            int limit) {
        int start;
        int end;
        if (cursor == null) {
            start = 0;
            end = Math.min(limit, ordered.size());
        } else if (cursor.direction() == Direction.NEXT) {
            start = countWhile(ordered, id -> !comesAfter(id, cursor.cursorId(), newestFirst), idOf);
            end = Math.min(start + limit, ordered.size());
        } else {
            end = countWhile(ordered, id -> comesAfter(cursor.cursorId(), id, newestFirst), idOf);
            start = Math.max(0, end - limit);
        }
        return new Page<>(ordered.subList(start, end), start > 0, end < ordered.size());
    }

    /** How many items from the start have ids that pass {@code test}. */
    private static <T> int countWhile(List<T> ordered, LongPredicate test, ToLongFunction<T> idOf) {
        int count = 0;
        while (count < ordered.size() && test.test(idOf.applyAsLong(ordered.get(count)))) {
            count++;
        }
        return count;
    }

    /** Whether the item with id {@code a} is shown after the one with id {@code b}. */
    private static boolean comesAfter(long a, long b, boolean newestFirst) {
        return newestFirst ? a < b : a > b;
    }

    /** A page's items, and whether there are any before and after it. */
    record Page<T>(List<T> items, boolean hasPrevious, boolean hasNext) {

        Page {
            items = List.copyOf(items);
        }
    }
}
