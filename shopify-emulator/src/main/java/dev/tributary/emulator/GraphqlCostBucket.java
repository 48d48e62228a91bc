package dev.tributary.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The GraphQL Admin API's leaky bucket of one app on one shop: a query takes its requested cost
 * up front, gets back what it did not use, and points restore continuously at a fixed rate.
 */
final class GraphqlCostBucket {

    /** What every answer reports under {@code extensions.cost.throttleStatus}. */
    record ThrottleStatus(double maximumAvailable, double currentlyAvailable, double restoreRate) {
    }

    private final double maximum;
    private final double restorePerSecond;
    private final Clock clock;
    private double available;
    private Instant restoredAt;

    GraphqlCostBucket(double maximum, double restorePerSecond, Clock clock) {
        this.maximum = maximum;
        this.restorePerSecond = restorePerSecond;
        this.clock = clock;
        this.available = maximum;
        this.restoredAt = clock.instant();
    }

    /** Takes {@code cost} points if the bucket holds that many now; false (and nothing taken) otherwise. */
    synchronized boolean tryTake(int cost) {
        restore();
        if (available < cost) {
            return false;
        }
        available -= cost;
        return true;
    }

    /** Gives back points a query reserved but did not use. */
    synchronized void refund(int points) {
        restore();
        available = Math.min(maximum, available + points);
    }

    /** Sets the points available now, within 0 and the bucket's size. */
    synchronized void setAvailable(double points) {
        restore();
        available = Math.max(0, Math.min(maximum, points));
    }

    synchronized ThrottleStatus status() {
        restore();
        return new ThrottleStatus(maximum, available, restorePerSecond);
    }

    private void restore() {
        Instant now = clock.instant();
        if (now.isAfter(restoredAt)) {
            double seconds = Duration.between(restoredAt, now).toNanos() / 1e9;
            available = Math.min(maximum, available + seconds * restorePerSecond);
            restoredAt = now;
        }
    }
}
