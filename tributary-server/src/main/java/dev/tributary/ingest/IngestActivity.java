package dev.tributary.ingest;

import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * Whether this node is busy storing webhooks, for background work that should give way to them
 * (a poll of thousands of objects competes with ingest for the CPU and, on SQLite, the one
 * connection). Webhooks come first: Shopify waits for the answer, a poll does not.
 */
@Component
public class IngestActivity {

    private final WebhookWriter writer;

    IngestActivity(WebhookWriter writer) {
        this.writer = writer;
    }

    /** Whether a batch of webhooks was stored within {@code window}. */
    public boolean busyWithin(Duration window) {
        return System.nanoTime() - writer.lastWriteNanos() < window.toNanos();
    }
}
