package dev.tributary.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryScheduleUnitTests {

    private static final Instant T = Instant.parse("2026-11-28T15:04:05Z");

    @Test
    void retry_x_is_due_at_t_plus_four_to_the_x_seconds() {
        RetrySchedule schedule = RetrySchedule.standard(1);
        assertThat(schedule.retries()).isEqualTo(9);
        for (int x = 1; x <= 9; x++) {
            assertThat(schedule.retryAt(T, x)).hasValue(T.plusSeconds((long) Math.pow(4, x)));
        }
        // the ninth a little under 73 hours after T
        assertThat(Duration.between(T, schedule.retryAt(T, 9).orElseThrow()))
                .isGreaterThan(Duration.ofHours(72)).isLessThan(Duration.ofHours(73));
        assertThat(schedule.retryAt(T, 10)).isEmpty();
        assertThat(schedule.retryAt(T, 0)).isEmpty();
    }

    @Test
    void the_time_scale_shrinks_every_delay() {
        RetrySchedule fast = RetrySchedule.standard(0.001);
        assertThat(fast.retryAt(T, 1)).hasValue(T.plusMillis(4));
        assertThat(fast.retryAt(T, 9)).hasValue(T.plusMillis(262144));
    }

    @Test
    void retry_after_delays_without_spending_a_retry() {
        Instant scheduled = T.plusSeconds(4);
        assertThat(RetrySchedule.notBefore(scheduled, T, Duration.ofSeconds(30))).isEqualTo(T.plusSeconds(30));
        assertThat(RetrySchedule.notBefore(scheduled, T, Duration.ofSeconds(1))).isEqualTo(scheduled);
    }

    @Test
    void refuses_nonsense() {
        assertThatThrownBy(() -> RetrySchedule.standard(0)).hasMessageContaining("TRIBUTARY_RETRY_TIME_SCALE");
        assertThatThrownBy(() -> RetrySchedule.standard(-1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new RetrySchedule(List.of(), 1)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofSeconds(1)), 1))
                .hasMessageContaining("must not decrease");
    }
}
