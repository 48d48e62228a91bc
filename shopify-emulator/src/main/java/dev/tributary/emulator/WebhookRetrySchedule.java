package dev.tributary.emulator;

import java.time.Duration;

/**
 * Shopify retries a failed webhook 8 times over about 4 hours with exponential backoff (since
 * September 2024). Shopify does not publish the exact delays; the emulator waits 1, 2, 4, ... 128
 * minutes before retries 1 to 8 (4 h 15 min in all), each shrunk by the clock scale.
 */
final class WebhookRetrySchedule {

    static final Duration FIRST_DELAY = Duration.ofMinutes(1);

    private WebhookRetrySchedule() {
    }

    /** The wait before retry {@code retry} (1-based), before scaling. */
    static Duration delayBefore(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1, not " + retry);
        }
        return FIRST_DELAY.multipliedBy(1L << Math.min(retry - 1, 30));
    }
}
