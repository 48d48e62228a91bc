package dev.tributary.polling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The poller: how often it looks for due polls, and how long a node holds a poll before another
 * may take it over (a node that dies mid-poll).
 */
@ConfigurationProperties("tributary.polling")
public record PollingProperties(Duration tick, Duration lease) {

    public PollingProperties {
        tick = tick == null || tick.isZero() || tick.isNegative() ? Duration.ofSeconds(1) : tick;
        lease = lease == null || lease.isZero() || lease.isNegative() ? Duration.ofMinutes(5) : lease;
    }
}
