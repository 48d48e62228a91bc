package dev.tributary.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again (SPEC 2.7): retry {@code x} (1..9) at {@code T + 4^x}
 * seconds after the first failed attempt at {@code T}, each delay multiplied by
 * {@code TRIBUTARY_RETRY_TIME_SCALE}. Pure arithmetic.
 */
final class RetrySchedule {

    /** The original platform's schedule: 4 s, 16 s, 64 s, ... 262,144 s (about 72.8 hours). */
    public static final List<Duration> DEFAULT_DELAYS = List.of(
            Duration.ofSeconds(4), Duration.ofSeconds(16), Duration.ofSeconds(64), Duration.ofSeconds(256),
            Duration.ofSeconds(1024), Duration.ofSeconds(4096), Duration.ofSeconds(16384), Duration.ofSeconds(65536),
            Duration.ofSeconds(262144));

    private final List<Duration> delays;
    private final double scale;

    public RetrySchedule(List<Duration> delays, double scale) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule needs at least one delay");
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("TRIBUTARY_RETRY_TIME_SCALE must be a positive number, not " + scale);
        }
        for (int i = 1; i < delays.size(); i++) {
            if (delays.get(i).compareTo(delays.get(i - 1)) < 0) {
                throw new IllegalArgumentException("retry delays must not decrease: " + delays);
            }
        }
        this.delays = List.copyOf(delays);
        this.scale = scale;
    }

    public static RetrySchedule standard(double scale) {
        return new RetrySchedule(DEFAULT_DELAYS, scale);
    }

    /** How many retries follow the first attempt. */
    public int retries() {
        return delays.size();
    }

    /**
     * When retry {@code retry} (1-based) is due, counted from the first failed attempt; empty when
     * the schedule has run out.
     */
    public Optional<Instant> retryAt(Instant firstFailure, int retry) {
        if (retry < 1 || retry > delays.size()) {
            return Optional.empty();
        }
        return Optional.of(firstFailure.plus(scaled(delays.get(retry - 1))));
    }

    /**
     * The next attempt after a {@code 429} or {@code 503} that asked for {@code retryAfter}: no
     * earlier than that, and no earlier than the schedule says. Spends no retry.
     */
    public static Instant notBefore(Instant scheduled, Instant now, Duration retryAfter) {
        Instant asked = now.plus(retryAfter);
        return asked.isAfter(scheduled) ? asked : scheduled;
    }

    private Duration scaled(Duration delay) {
        return Duration.ofNanos(Math.max(1, Math.round(delay.toNanos() * scale)));
    }
}
