package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LeakyBucketUnitTests {

    private static final Instant START = Instant.parse("2026-11-28T15:00:00Z");

    private final LeakyBucket bucket = new LeakyBucket(40, 2.0, START);

    @Test
    void should_admit_calls_until_the_bucket_is_full_and_count_each_one() {
        List<Integer> used = new ArrayList<>();
        for (int call = 0; call < 40; call++) {
            LeakyBucket.Admission admission = bucket.admit(START);
            assertThat(admission.admitted()).isTrue();
            used.add(admission.used());
        }

        LeakyBucket.Admission refused = bucket.admit(START);

        assertThat(used).startsWith(1, 2, 3).endsWith(39, 40);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.used()).isEqualTo(40);
    }

    @Test
    void should_not_count_a_refused_call() {
        bucket.fill(40, START);

        bucket.admit(START);
        bucket.admit(START);

        assertThat(bucket.admit(START.plusMillis(500)).admitted()).isTrue();
    }

    @Test
    void should_leak_at_the_configured_rate_as_time_passes() {
        bucket.fill(40, START);

        assertThat(bucket.admit(START.plusMillis(499)).admitted()).isFalse();
        assertThat(bucket.used(START.plusSeconds(10))).isEqualTo(20);
        assertThat(bucket.used(START.plusSeconds(60))).isZero();
    }

    @Test
    void should_admit_one_more_call_after_half_a_second_at_two_calls_a_second() {
        bucket.fill(40, START);

        LeakyBucket.Admission admission = bucket.admit(START.plusMillis(500));

        assertThat(admission.admitted()).isTrue();
        assertThat(admission.used()).isEqualTo(40);
        assertThat(bucket.admit(START.plusMillis(500)).admitted()).isFalse();
    }

    @Test
    void should_count_a_partly_leaked_call_as_a_whole_one() {
        bucket.admit(START);

        assertThat(bucket.admit(START.plusMillis(100)).used()).isEqualTo(2);
    }

    @Test
    void should_not_leak_backwards_when_time_goes_back() {
        bucket.fill(10, START);

        assertThat(bucket.used(START.minusSeconds(5))).isEqualTo(10);
    }

    @Test
    void should_tell_a_throttled_client_to_retry_after_two_seconds_as_shopify_does() {
        bucket.fill(40, START);

        LeakyBucket.Admission refused = bucket.admit(START);

        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(refused.retryAfterHeader()).isEqualTo("2.0");
    }

    @Test
    void should_ask_for_a_longer_wait_when_the_bucket_leaks_too_slowly_for_two_seconds_to_make_room() {
        LeakyBucket slow = new LeakyBucket(10, 0.25, START);
        slow.fill(10, START);

        LeakyBucket.Admission refused = slow.admit(START);

        assertThat(refused.retryAfterHeader()).isEqualTo("4.0");
        assertThat(slow.admit(START.plusSeconds(4)).admitted()).isTrue();
    }

    @Test
    void should_write_a_fractional_wait_rounded_up_to_a_tenth() {
        LeakyBucket slow = new LeakyBucket(10, 0.3, START);
        slow.fill(10, START);

        assertThat(slow.admit(START).retryAfterHeader()).isEqualTo("3.4");
    }

    @Test
    void should_refuse_to_fill_past_its_size_or_below_empty() {
        assertThatThrownBy(() -> bucket.fill(41, START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.fill(-1, START)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_refuse_a_bucket_that_never_leaks() {
        assertThatThrownBy(() -> new LeakyBucket(40, 0, START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeakyBucket(0, 2, START)).isInstanceOf(IllegalArgumentException.class);
    }
}
