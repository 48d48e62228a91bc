package dev.tributary.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Shopify's REST call limit for one app on one shop: a bucket that holds {@code size} calls and
 * leaks {@code leakPerSecond} of them; a call that would make it overflow is refused.
 */
final class LeakyBucket {

    /** Shopify asks a throttled client to wait this long, even when the bucket would take a call sooner. */
    static final Duration SHOPIFY_RETRY_AFTER = Duration.ofSeconds(2);

    /** Float leaking leaves crumbs such as 1.0000000002; they are not a call. */
    private static final double CRUMB = 1e-9;

    private final int size;
    private final double leakPerSecond;
    private double level;
    private Instant leakedAt;

    LeakyBucket(int size, double leakPerSecond, Instant now) {
        if (size < 1 || !(leakPerSecond > 0)) {
            throw new IllegalArgumentException("a bucket needs a size of at least 1 and a positive leak rate, not "
                    + size + " and " + leakPerSecond);
        }
        this.size = size;
        this.leakPerSecond = leakPerSecond;
        this.leakedAt = now;
    }

    /** Takes one call if it fits; either way says how full the bucket is afterwards. */
    synchronized Admission admit(Instant now) {
        leak(now);
        if (level + 1 > size + CRUMB) {
            double secondsUntilRoom = (level + 1 - size) / leakPerSecond;
            Duration wait = Duration.ofNanos((long) Math.ceil(secondsUntilRoom * 1e9));
            return new Admission(false, used(), wait.compareTo(SHOPIFY_RETRY_AFTER) > 0 ? wait : SHOPIFY_RETRY_AFTER);
        }
        level += 1;
        return new Admission(true, used(), Duration.ZERO);
    }

    /** Sets how many calls the bucket holds, as if they had just been made. */
    synchronized void fill(double used, Instant now) {
        if (used < 0 || used > size) {
            throw new IllegalArgumentException("used must be between 0 and " + size + ", not " + used);
        }
        level = used;
        leakedAt = now;
    }

    synchronized int used(Instant now) {
        leak(now);
        return used();
    }

    int size() {
        return size;
    }

    private void leak(Instant now) {
        if (now.isAfter(leakedAt)) {
            double seconds = Duration.between(leakedAt, now).toNanos() / 1e9;
            level = Math.max(0, level - seconds * leakPerSecond);
            leakedAt = now;
        }
    }

    /** Whole calls, rounded up: a half-leaked call still takes room. */
    private int used() {
        return (int) Math.ceil(level - CRUMB);
    }

    /**
     * The outcome of one call.
     *
     * @param used       calls in the bucket afterwards, as {@code X-Shopify-Shop-Api-Call-Limit} shows them
     * @param retryAfter how long a refused caller should wait; zero when admitted
     */
    record Admission(boolean admitted, int used, Duration retryAfter) {

        /** {@code Retry-After} as Shopify writes it: seconds with a decimal, {@code 2.0}. */
        String retryAfterHeader() {
            double tenths = Math.ceil(retryAfter.toNanos() / 1e8);
            return String.format(Locale.ROOT, "%.1f", tenths / 10);
        }
    }
}
