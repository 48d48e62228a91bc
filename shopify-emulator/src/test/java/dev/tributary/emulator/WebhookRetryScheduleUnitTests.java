package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class WebhookRetryScheduleUnitTests {

    @Test
    void eight_retries_double_from_one_minute_and_span_about_four_hours() {
        Duration total = Duration.ZERO;
        for (int retry = 1; retry <= 8; retry++) {
            assertThat(WebhookRetrySchedule.delayBefore(retry)).isEqualTo(Duration.ofMinutes(1L << (retry - 1)));
            total = total.plus(WebhookRetrySchedule.delayBefore(retry));
        }
        assertThat(total).isEqualTo(Duration.ofMinutes(255));
    }

    @Test
    void the_clock_scale_shrinks_the_waits() {
        assertThat(EmulatorSettings.defaults().withClockScale(0.001).scaled(WebhookRetrySchedule.delayBefore(1)))
                .isEqualTo(Duration.ofMillis(60));
    }

    @Test
    void retries_count_from_one() {
        assertThatThrownBy(() -> WebhookRetrySchedule.delayBefore(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
