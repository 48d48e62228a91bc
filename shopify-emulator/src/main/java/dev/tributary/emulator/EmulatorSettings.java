package dev.tributary.emulator;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How the emulator behaves. {@code clockScale} shrinks the webhook retry schedule (0.001 turns a
 * minute into 60 ms); rate limits and token lifetimes run on real time and have settings of their own.
 */
public record EmulatorSettings(
        String host,
        int port,
        double clockScale,
        boolean autoApprove,
        Duration authorizationCodeTtl,
        int restBucketSize,
        double restLeakPerSecond,
        int graphqlBucketSize,
        double graphqlRestorePerSecond,
        Duration webhookConnectTimeout,
        Duration webhookTimeout,
        int webhookRetries,
        String apiVersion,
        ZoneId shopZone) {

    /** Shopify's numbers for a standard plan, on a free port of the loopback interface. */
    public static EmulatorSettings defaults() {
        return new EmulatorSettings("127.0.0.1", 0, 1.0, true, Duration.ofMinutes(10), 40, 2.0, 2000, 100.0,
                Duration.ofSeconds(1), Duration.ofSeconds(5), 8, "2025-10", ZoneId.of("America/New_York"));
    }

    public EmulatorSettings withPort(int newPort) {
        return new EmulatorSettings(host, newPort, clockScale, autoApprove, authorizationCodeTtl, restBucketSize,
                restLeakPerSecond, graphqlBucketSize, graphqlRestorePerSecond, webhookConnectTimeout, webhookTimeout,
                webhookRetries, apiVersion, shopZone);
    }

    public EmulatorSettings withHost(String newHost) {
        return new EmulatorSettings(newHost, port, clockScale, autoApprove, authorizationCodeTtl, restBucketSize,
                restLeakPerSecond, graphqlBucketSize, graphqlRestorePerSecond, webhookConnectTimeout, webhookTimeout,
                webhookRetries, apiVersion, shopZone);
    }

    public EmulatorSettings withClockScale(double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("clock scale must be positive, not " + scale);
        }
        return new EmulatorSettings(host, port, scale, autoApprove, authorizationCodeTtl, restBucketSize,
                restLeakPerSecond, graphqlBucketSize, graphqlRestorePerSecond, webhookConnectTimeout, webhookTimeout,
                webhookRetries, apiVersion, shopZone);
    }

    public EmulatorSettings withAutoApprove(boolean approve) {
        return new EmulatorSettings(host, port, clockScale, approve, authorizationCodeTtl, restBucketSize,
                restLeakPerSecond, graphqlBucketSize, graphqlRestorePerSecond, webhookConnectTimeout, webhookTimeout,
                webhookRetries, apiVersion, shopZone);
    }

    public EmulatorSettings withAuthorizationCodeTtl(Duration ttl) {
        return new EmulatorSettings(host, port, clockScale, autoApprove, ttl, restBucketSize,
                restLeakPerSecond, graphqlBucketSize, graphqlRestorePerSecond, webhookConnectTimeout, webhookTimeout,
                webhookRetries, apiVersion, shopZone);
    }

    public EmulatorSettings withRestBucket(int size, double leakPerSecond) {
        return new EmulatorSettings(host, port, clockScale, autoApprove, authorizationCodeTtl, size,
                leakPerSecond, graphqlBucketSize, graphqlRestorePerSecond, webhookConnectTimeout, webhookTimeout,
                webhookRetries, apiVersion, shopZone);
    }

    public EmulatorSettings withGraphqlBucket(int size, double restorePerSecond) {
        return new EmulatorSettings(host, port, clockScale, autoApprove, authorizationCodeTtl, restBucketSize,
                restLeakPerSecond, size, restorePerSecond, webhookConnectTimeout, webhookTimeout,
                webhookRetries, apiVersion, shopZone);
    }

    public EmulatorSettings withWebhookTimeouts(Duration connect, Duration whole) {
        return new EmulatorSettings(host, port, clockScale, autoApprove, authorizationCodeTtl, restBucketSize,
                restLeakPerSecond, graphqlBucketSize, graphqlRestorePerSecond, connect, whole,
                webhookRetries, apiVersion, shopZone);
    }

    /** A real-time duration shrunk by the clock scale, for the webhook retry schedule. */
    public Duration scaled(Duration duration) {
        return Duration.ofNanos(Math.max(1, Math.round(duration.toNanos() * clockScale)));
    }
}
