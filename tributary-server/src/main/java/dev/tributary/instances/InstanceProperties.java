package dev.tributary.instances;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How webhook subscriptions Shopify did not remove are tried again: first after
 * {@code cleanupRetryInterval}, each wait twice the last up to six hours, {@code cleanupAttempts}
 * times in all.
 */
@ConfigurationProperties("tributary.instances")
public record InstanceProperties(Duration cleanupRetryInterval, int cleanupAttempts) {

    public InstanceProperties {
        cleanupRetryInterval = cleanupRetryInterval == null || cleanupRetryInterval.isNegative()
                || cleanupRetryInterval.isZero() ? Duration.ofMinutes(10) : cleanupRetryInterval;
        cleanupAttempts = cleanupAttempts <= 0 ? 12 : cleanupAttempts;
    }
}
