package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class GraphqlCostBucketUnitTests {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {

        private Instant now = Instant.parse("2025-10-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final GraphqlCostBucket bucket = new GraphqlCostBucket(1000, 50, clock);

    @Test
    void starts_full_and_takes_the_requested_cost() {
        assertThat(bucket.status().currentlyAvailable()).isEqualTo(1000);
        assertThat(bucket.tryTake(102)).isTrue();
        assertThat(bucket.status()).isEqualTo(new GraphqlCostBucket.ThrottleStatus(1000, 898, 50));
    }

    @Test
    void refuses_a_cost_it_cannot_cover_and_takes_nothing() {
        bucket.setAvailable(100);
        assertThat(bucket.tryTake(101)).isFalse();
        assertThat(bucket.status().currentlyAvailable()).isEqualTo(100);
        assertThat(bucket.tryTake(100)).isTrue();
        assertThat(bucket.status().currentlyAvailable()).isZero();
    }

    @Test
    void restores_at_its_rate_over_time_up_to_its_size() {
        bucket.setAvailable(0);
        clock.advance(Duration.ofMillis(1500));
        assertThat(bucket.status().currentlyAvailable()).isEqualTo(75);
        assertThat(bucket.tryTake(76)).isFalse();
        clock.advance(Duration.ofMillis(20));
        assertThat(bucket.tryTake(76)).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(bucket.status().currentlyAvailable()).isEqualTo(1000);
    }

    @Test
    void gives_back_what_a_query_did_not_use_without_overflowing() {
        assertThat(bucket.tryTake(52)).isTrue();
        bucket.refund(40);
        assertThat(bucket.status().currentlyAvailable()).isEqualTo(988);
        bucket.refund(500);
        assertThat(bucket.status().currentlyAvailable()).isEqualTo(1000);
    }

    @Test
    void set_available_stays_within_zero_and_the_size() {
        bucket.setAvailable(-5);
        assertThat(bucket.status().currentlyAvailable()).isZero();
        bucket.setAvailable(5000);
        assertThat(bucket.status().currentlyAvailable()).isEqualTo(1000);
    }
}
