package dev.tributary.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import dev.tributary.delivery.DeliveryDecision.AttemptOutcome;
import dev.tributary.delivery.DeliveryDecision.History;
import dev.tributary.delivery.DeliveryDecision.Next;
import org.junit.jupiter.api.Test;

class DeliveryDecisionUnitTests {

    private static final Instant T = Instant.parse("2026-11-28T15:00:00Z");
    private static final RetrySchedule SCHEDULE = RetrySchedule.standard(1);
    private static final History FRESH = new History(0, 0, null);

    private static AttemptOutcome status(int code) {
        return new AttemptOutcome(code, null);
    }

    @Test
    void any_2xx_is_delivered() {
        for (int code : new int[] {200, 201, 202, 204, 299}) {
            assertThat(DeliveryDecision.decide(status(code), "retry", FRESH, T, SCHEDULE).status()).isEqualTo("delivered");
        }
    }

    @Test
    void failures_retry_on_the_4_to_the_x_schedule_then_queue_and_deactivate() {
        History history = FRESH;
        Instant now = T;
        for (int x = 1; x <= 9; x++) {
            Next next = DeliveryDecision.decide(status(500), "retry", history, now, SCHEDULE);
            assertThat(next.status()).isEqualTo("retrying");
            assertThat(next.nextAttemptAt()).isEqualTo(T.plusSeconds((long) Math.pow(4, x)));
            assertThat(next.deactivationReason()).isNull();
            history = new History(next.retriesSpent(), next.freeAttemptsUsed(), next.firstFailureAt());
            now = next.nextAttemptAt();
        }
        Next last = DeliveryDecision.decide(status(0), "retry", history, now, SCHEDULE);
        assertThat(last.status()).isEqualTo("queued");
        assertThat(last.deactivationReason()).contains("9 retries");
    }

    @Test
    void redirects_and_network_errors_are_failures() {
        assertThat(DeliveryDecision.decide(status(302), "retry", FRESH, T, SCHEDULE).status()).isEqualTo("retrying");
        assertThat(DeliveryDecision.decide(status(0), "retry", FRESH, T, SCHEDULE).nextAttemptAt()).isEqualTo(T.plusSeconds(4));
    }

    @Test
    void the_queue_policy_queues_at_the_first_failure_without_deactivating() {
        Next next = DeliveryDecision.decide(status(500), "queue", FRESH, T, SCHEDULE);
        assertThat(next.status()).isEqualTo("queued");
        assertThat(next.deactivationReason()).isNull();
    }

    @Test
    void gone_deactivates_at_once() {
        Next next = DeliveryDecision.decide(status(410), "retry", FRESH, T, SCHEDULE);
        assertThat(next.status()).isEqualTo("queued");
        assertThat(next.deactivationReason()).contains("410");
    }

    @Test
    void retry_after_waits_at_least_as_asked_and_spends_no_retry() {
        Next next = DeliveryDecision.decide(new AttemptOutcome(429, Duration.ofSeconds(30)), "retry", FRESH, T, SCHEDULE);
        assertThat(next.status()).isEqualTo("retrying");
        assertThat(next.nextAttemptAt()).isEqualTo(T.plusSeconds(30));
        assertThat(next.retriesSpent()).isZero();
        Next short503 = DeliveryDecision.decide(new AttemptOutcome(503, Duration.ofSeconds(1)), "retry", FRESH, T, SCHEDULE);
        assertThat(short503.nextAttemptAt()).isEqualTo(T.plusSeconds(4));
        // without Retry-After a 429 is an ordinary failure
        assertThat(DeliveryDecision.decide(status(429), "retry", FRESH, T, SCHEDULE).retriesSpent()).isEqualTo(1);
    }

    @Test
    void free_attempts_are_bounded() {
        History many = new History(2, DeliveryDecision.MAX_FREE_ATTEMPTS, T);
        Next next = DeliveryDecision.decide(new AttemptOutcome(429, Duration.ofSeconds(1)), "retry", many, T.plusSeconds(100), SCHEDULE);
        assertThat(next.retriesSpent()).isEqualTo(3);
    }
}
