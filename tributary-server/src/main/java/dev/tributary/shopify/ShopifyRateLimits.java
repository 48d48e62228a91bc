package dev.tributary.shopify;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

/** How long to wait before calling Shopify again: pure arithmetic over what Shopify said. */
final class ShopifyRateLimits {

    /** Shopify's usual advice when a 429 carries no Retry-After. */
    static final Duration FALLBACK_RETRY_AFTER = Duration.ofSeconds(2);
    /** One leak of the standard REST bucket (2 calls per second). */
    static final Duration REST_LEAK_INTERVAL = Duration.ofMillis(500);

    private ShopifyRateLimits() {
    }

    /** A {@code Retry-After} in (possibly fractional) seconds, clamped to {@code [0, max]}. */
    static Duration retryAfter(String header, Duration max) {
        Duration wait = FALLBACK_RETRY_AFTER;
        if (header != null && !header.isBlank()) {
            try {
                double seconds = Double.parseDouble(header.strip());
                if (seconds >= 0 && !Double.isInfinite(seconds)) {
                    wait = Duration.ofMillis(Math.round(seconds * 1000));
                }
            } catch (NumberFormatException e) {
                // an HTTP date or garbage: use the fallback
            }
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /**
     * A pause before the next REST call when {@code X-Shopify-Shop-Api-Call-Limit} ({@code used/size})
     * says the bucket is full but for one call: waiting one leak keeps us out of the 429.
     */
    static Duration restPause(String callLimit) {
        if (callLimit == null) {
            return Duration.ZERO;
        }
        String[] parts = callLimit.strip().split("/");
        if (parts.length != 2) {
            return Duration.ZERO;
        }
        try {
            int used = Integer.parseInt(parts[0].strip());
            int size = Integer.parseInt(parts[1].strip());
            return size > 0 && used >= size - 1 ? REST_LEAK_INTERVAL : Duration.ZERO;
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    /**
     * The wait a throttled GraphQL call needs: the points missing divided by the restore rate, from
     * {@code extensions.cost}. Without cost figures, one second.
     */
    static Duration graphqlWait(JsonNode cost, Duration max) {
        if (cost == null || cost.isMissingNode() || cost.isNull()) {
            return Duration.ofSeconds(1);
        }
        double requested = cost.path("requestedQueryCost").asDouble(0);
        JsonNode status = cost.path("throttleStatus");
        double available = status.path("currentlyAvailable").asDouble(0);
        double restoreRate = status.path("restoreRate").asDouble(0);
        if (restoreRate <= 0) {
            return Duration.ofSeconds(1);
        }
        double seconds = Math.max(0.05, (requested - available) / restoreRate);
        Duration wait = Duration.ofMillis((long) Math.ceil(seconds * 1000));
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** Backoff after a network error or 5xx: 250 ms, 500 ms, 1 s, ... capped at 8 s. */
    static Duration backoff(int attempt) {
        long millis = 250L << Math.min(Math.max(attempt - 1, 0), 5);
        return Duration.ofMillis(Math.min(millis, 8000));
    }
}
