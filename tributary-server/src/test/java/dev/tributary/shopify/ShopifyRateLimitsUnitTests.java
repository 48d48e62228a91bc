package dev.tributary.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ShopifyRateLimitsUnitTests {

    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void retry_after_takes_fractional_seconds() {
        assertThat(ShopifyRateLimits.retryAfter("2.0", MAX)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ShopifyRateLimits.retryAfter("0.5", MAX)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void retry_after_falls_back_when_missing_or_garbage_and_is_clamped() {
        assertThat(ShopifyRateLimits.retryAfter(null, MAX)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ShopifyRateLimits.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", MAX)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ShopifyRateLimits.retryAfter("-3", MAX)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ShopifyRateLimits.retryAfter("86400", MAX)).isEqualTo(MAX);
    }

    @Test
    void rest_pauses_only_when_the_bucket_is_all_but_full() {
        assertThat(ShopifyRateLimits.restPause("39/40")).isEqualTo(Duration.ofMillis(500));
        assertThat(ShopifyRateLimits.restPause("40/40")).isEqualTo(Duration.ofMillis(500));
        assertThat(ShopifyRateLimits.restPause("38/40")).isZero();
        assertThat(ShopifyRateLimits.restPause("1/40")).isZero();
        assertThat(ShopifyRateLimits.restPause(null)).isZero();
        assertThat(ShopifyRateLimits.restPause("garbage")).isZero();
        assertThat(ShopifyRateLimits.restPause("a/b")).isZero();
    }

    @Test
    void graphql_waits_for_the_missing_points() {
        var cost = JsonMapper.builder().build().readTree("""
                {"requestedQueryCost": 101, "actualQueryCost": null,
                 "throttleStatus": {"maximumAvailable": 2000, "currentlyAvailable": 1, "restoreRate": 100}}
                """);
        assertThat(ShopifyRateLimits.graphqlWait(cost, MAX)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ShopifyRateLimits.graphqlWait(null, MAX)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void backoff_doubles_and_is_capped() {
        assertThat(ShopifyRateLimits.backoff(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(ShopifyRateLimits.backoff(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(ShopifyRateLimits.backoff(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ShopifyRateLimits.backoff(50)).isEqualTo(Duration.ofSeconds(8));
    }
}
