package dev.tributary.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How notifications are sent: timeouts (SPEC 2.7: connect 5 s, whole request 15 s), the retry time
 * scale, how many sends run at once in all and per callback host, the lease a claimed delivery
 * holds before another worker may take it over, and how long after hearing that deliveries wait
 * for their object's turn a node's settling of an ordered delivery looks for its successor.
 */
@ConfigurationProperties("tributary.delivery")
public record DeliveryProperties(double retryTimeScale, Duration connectTimeout, Duration requestTimeout,
        int concurrency, int perHostConcurrency, Duration lease, Duration pollInterval, int claimBatch,
        Duration orderedWakeWindow) {

    public DeliveryProperties {
        retryTimeScale = retryTimeScale <= 0 ? 1 : retryTimeScale;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(15) : requestTimeout;
        concurrency = concurrency <= 0 ? 256 : concurrency;
        perHostConcurrency = perHostConcurrency <= 0 ? 64 : perHostConcurrency;
        lease = lease == null ? Duration.ofSeconds(60) : lease;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        claimBatch = claimBatch <= 0 ? 128 : claimBatch;
        orderedWakeWindow = orderedWakeWindow == null ? Duration.ofMinutes(1) : orderedWakeWindow;
    }

    /**
     * How many sends may wait for a busy host while holding a sending slot: up to the per-host limit,
     * but never so many that one host's sends in flight and waiting take more than half the slots.
     */
    public int hostWaitingRoom() {
        return Math.max(0, Math.min(perHostConcurrency, concurrency / 2 - perHostConcurrency));
    }
}
