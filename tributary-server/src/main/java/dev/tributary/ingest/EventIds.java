package dev.tributary.ingest;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for event ids, from a few independently seeded DRBG generators picked by
 * thread. {@code UUID.randomUUID()} draws from one process-wide {@code NativePRNG} whose reads
 * share a single lock; under load every request thread queued on it (JFR showed waits of 100 ms
 * when the lock holder was descheduled on a busy machine).
 */
final class EventIds {

    private static final int STRIPES = 16;
    private static final SecureRandom[] GENERATORS = new SecureRandom[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            try {
                GENERATORS[i] = SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                GENERATORS[i] = new SecureRandom();
            }
        }
    }

    private EventIds() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        GENERATORS[(int) (Thread.currentThread().getId() % STRIPES)].nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[8 + i] & 0xff);
        }
        return new UUID(high, low).toString();
    }
}
