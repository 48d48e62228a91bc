package dev.tributary.events;

import java.util.UUID;

/**
 * Notification event ids: UUIDs of version 7 (RFC 9562), the first 48 bits the creation time in
 * milliseconds and the other 74 random. Ids made later sort later, so the unique index on
 * {@code notifications.event_id} grows at its end: random (version 4) ids touched a different index
 * page for nearly every webhook of a group commit, each page another 4 KB written and synced.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String next() {
        return at(System.currentTimeMillis());
    }

    static String at(long epochMillis) {
        UUID random = UUID.randomUUID();
        long high = (epochMillis << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        // The low half keeps randomUUID's variant bits (10) and its 62 random bits.
        return new UUID(high, random.getLeastSignificantBits()).toString();
    }
}
