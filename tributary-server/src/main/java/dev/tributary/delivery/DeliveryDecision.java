package dev.tributary.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * What follows one attempt at a delivery (SPEC 2.7), as a pure function of its outcome, the
 * account's failure policy and the delivery's history:
 * <ul>
 * <li>any 2xx: delivered;</li>
 * <li>410 Gone: queued, and the subscription for that URL deactivated at once;</li>
 * <li>policy {@code queue}: queued at the first failure;</li>
 * <li>policy {@code retry}: retry x at T + 4^x s after the first failure T; when all nine have failed,
 * queued and the subscription deactivated;</li>
 * <li>429 or 503 with {@code Retry-After}: the next attempt no earlier than asked, and the attempt
 * spends no retry (at most {@link #MAX_FREE_ATTEMPTS} times, so a receiver cannot stall forever).</li>
 * </ul>
 */
final class DeliveryDecision {

    static final int MAX_FREE_ATTEMPTS = 9;

    private DeliveryDecision() {
    }

    /** How an attempt ended: a status code (0 when none came) and an optional Retry-After. */
    public record AttemptOutcome(int statusCode, Duration retryAfter) {

        public boolean succeeded() {
            return statusCode >= 200 && statusCode < 300;
        }

        boolean asksToWait() {
            return retryAfter != null && (statusCode == 429 || statusCode == 503);
        }
    }

    /** The delivery's state before the attempt. */
    public record History(int retriesSpent, int freeAttemptsUsed, Instant firstFailureAt) {
    }

    /** The delivery's state after the attempt; {@code deactivationReason} set when the subscription must go. */
    public record Next(String status, Instant nextAttemptAt, int retriesSpent, int freeAttemptsUsed,
            Instant firstFailureAt, String deactivationReason) {
    }

    public static Next decide(AttemptOutcome outcome, String policy, History history, Instant now, RetrySchedule schedule) {
        if (outcome.succeeded()) {
            return new Next("delivered", null, history.retriesSpent(), history.freeAttemptsUsed(), history.firstFailureAt(), null);
        }
        Instant firstFailure = history.firstFailureAt() == null ? now : history.firstFailureAt();
        if (outcome.statusCode() == 410) {
            return queued(history, firstFailure, "callback answered 410 Gone");
        }
        if ("queue".equals(policy)) {
            return queued(history, firstFailure, null);
        }
        if (outcome.asksToWait() && history.freeAttemptsUsed() < MAX_FREE_ATTEMPTS) {
            int position = Math.max(1, Math.min(history.retriesSpent(), schedule.retries()));
            Instant scheduled = schedule.retryAt(firstFailure, position).orElse(now);
            return new Next("retrying", RetrySchedule.notBefore(scheduled, now, outcome.retryAfter()),
                    history.retriesSpent(), history.freeAttemptsUsed() + 1, firstFailure, null);
        }
        int next = history.retriesSpent() + 1;
        return schedule.retryAt(firstFailure, next)
                .map(at -> new Next("retrying", at.isBefore(now) ? now : at, next, history.freeAttemptsUsed(), firstFailure, null))
                .orElseGet(() -> queued(history, firstFailure, "all " + schedule.retries() + " retries failed"));
    }

    private static Next queued(History history, Instant firstFailure, String deactivationReason) {
        return new Next("queued", null, history.retriesSpent(), history.freeAttemptsUsed(), firstFailure, deactivationReason);
    }
}
