package dev.tributary.delivery;

import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queue depth by status and the age of the oldest delivery not yet done, for Prometheus. Read from
 * the table at most every few seconds, however often the gauges are scraped.
 */
@Component
class DeliveryBacklogMetrics {

    private static final long REFRESH_MILLIS = 5_000;

    private final DeliveryRepository repository;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private volatile Map<String, long[]> snapshot = Map.of();
    private volatile long takenAt;

    DeliveryBacklogMetrics(DeliveryRepository repository, TransactionTemplate transactions, Clock clock,
            MeterRegistry metrics) {
        this.repository = repository;
        this.transactions = transactions;
        this.clock = clock;
        for (String status : new String[] {"pending", "retrying", "queued"}) {
            Gauge.builder("tributary.delivery.backlog", this, m -> m.count(status)).tag("status", status)
                    .description("Deliveries not yet done, by status").register(metrics);
        }
        Gauge.builder("tributary.delivery.oldest.pending.seconds", this, DeliveryBacklogMetrics::oldestPendingSeconds)
                .description("Age of the oldest delivery still pending or retrying").register(metrics);
    }

    private double count(String status) {
        long[] entry = current().get(status);
        return entry == null ? 0 : entry[0];
    }

    private double oldestPendingSeconds() {
        long oldest = Long.MAX_VALUE;
        for (String status : new String[] {"pending", "retrying"}) {
            long[] entry = current().get(status);
            if (entry != null && entry[0] > 0) {
                oldest = Math.min(oldest, entry[1]);
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : (clock.millis() - oldest) / 1000.0;
    }

    private Map<String, long[]> current() {
        long now = clock.millis();
        if (now - takenAt > REFRESH_MILLIS) {
            try {
                snapshot = transactions.execute(status -> repository.backlog());
            } catch (RuntimeException e) {
                // keep the last snapshot; a scrape must not fail because the store is busy
            }
            takenAt = now;
        }
        return snapshot;
    }
}
