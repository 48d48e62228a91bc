package dev.tributary.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Receiving Shopify's webhooks: how long a {@code shop/redact} request may wait for its
 * notification's delivery before the shop's payloads are erased regardless (Shopify allows 30 days).
 */
@ConfigurationProperties("tributary.ingest")
public record IngestProperties(Duration shopRedactDeadline) {

    public IngestProperties {
        shopRedactDeadline = shopRedactDeadline == null ? Duration.ofDays(7) : shopRedactDeadline;
    }
}
