package dev.tributary.polling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The poller: how often it looks for due polls, how long a node holds a poll before another may
 * take it over (a node that dies mid-poll), and how much a poll gives way to webhooks: while the
 * node stores webhooks, it pauses after each page {@code yieldToIngest} times as long as the page
 * took (0: never pauses).
 */
@ConfigurationProperties("tributary.polling")
public record PollingProperties(Duration tick, Duration lease, double yieldToIngest) {

    public PollingProperties {
        if (yieldToIngest < 0 || yieldToIngest > 100) {
            throw new IllegalArgumentException("TRIBUTARY_POLLING_YIELD_TO_INGEST must be from 0 to 100, not "
                    + yieldToIngest);
        }
        tick = tick == null || tick.isZero() || tick.isNegative() ? Duration.ofSeconds(1) : tick;
        lease = lease == null || lease.isZero() || lease.isNegative() ? Duration.ofMinutes(5) : lease;
    }
}
