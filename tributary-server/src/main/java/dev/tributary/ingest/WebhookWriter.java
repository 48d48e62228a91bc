package dev.tributary.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tributary.delivery.Notification;
import dev.tributary.delivery.Notifications;
import dev.tributary.delivery.VersionClaim;
import dev.tributary.events.NotificationBody;
import dev.tributary.instances.IngestTarget;
import dev.tributary.platform.storage.PreparedBatch;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores received webhooks with group commit: one writer thread takes every webhook waiting at that
 * moment (up to a batch) and writes them, their notifications and their delivery rows in one
 * transaction, so many concurrent webhooks share one commit and one fsync. Each caller waits for the
 * commit that holds its webhook before answering Shopify. The deliveries a commit wrote are handed
 * straight to this node's senders after it.
 */
@Component
class WebhookWriter implements SmartLifecycle {

    /** What became of a webhook. */
    enum Outcome { STORED, DUPLICATE, RECONCILED_ALREADY }

    static final int MAX_BATCH = 256;
    static final int QUEUE_CAPACITY = 8192;

    private static final Logger log = LoggerFactory.getLogger(WebhookWriter.class);

    private final IngestRepository repository;
    private final Notifications notifications;
    private final TransactionTemplate transactions;
    private final ShopRedaction redaction;
    private final DistributionSummary batchSizes;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean running;
    private volatile long lastWriteNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
    private Thread thread;

    WebhookWriter(IngestRepository repository, Notifications notifications, TransactionTemplate transactions,
            ShopRedaction redaction, MeterRegistry metrics) {
        this.notifications = notifications;
        this.redaction = redaction;
        this.batchSizes = DistributionSummary.builder("tributary.ingest.batch.size")
                .description("Webhooks written per group commit").register(metrics);
        this.repository = repository;
        this.transactions = transactions;
    }

    /** Queues a webhook for the next commit; fails at once when the queue is full (the caller answers 503). */
    CompletableFuture<Outcome> submit(IncomingWebhook webhook) {
        Pending pending = new Pending(webhook, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            pending.result.completeExceptionally(new OverloadedException());
        }
        return pending.result;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<Outcome> outcomes;
        Notifications.Handoffs handoffs = notifications.handoffs();
        try {
            outcomes = transactions.execute(status -> {
                List<Outcome> results = new ArrayList<>(batch.size());
                try (PreparedBatch received = repository.batch(); Notifications.Batch outbox = notifications.batch(handoffs)) {
                    Set<VersionClaim> granted = outbox.claim(batch.stream().map(pending -> pending.webhook.versionClaim())
                            .filter(Objects::nonNull).toList());
                    for (Pending pending : batch) {
                        results.add(store(received, outbox, pending.webhook, granted));
                    }
                }
                return results;
            });
        } catch (RuntimeException e) {
            handoffs.abandoned();
            log.error("Could not store a batch of {} webhook(s); Shopify will send them again", batch.size(), e);
            batch.forEach(pending -> pending.result.completeExceptionally(e));
            return;
        }
        batchSizes.record(batch.size());
        lastWriteNanos = System.nanoTime();
        handoffs.committed();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(outcomes.get(i));
        }
    }

    private Outcome store(PreparedBatch received, Notifications.Batch outbox, IncomingWebhook webhook,
            Set<VersionClaim> granted) {
        var receivedId = IngestRepository.insertReceived(received, webhook);
        if (receivedId.isEmpty()) {
            return Outcome.DUPLICATE;
        }
        if (webhook.versionClaim() != null && !granted.contains(webhook.versionClaim())) {
            // The reconciliation sweep delivered this version already: the webhook is kept, not sent again.
            return Outcome.RECONCILED_ALREADY;
        }
        IngestTarget target = webhook.target();
        for (NotificationBody.Notification notification : webhook.notifications()) {
            outbox.record(new Notification(target.accountId(), target.instanceId(), "webhook", webhook.topic(),
                    webhook.shopDomain(), receivedId.get(), webhook.receivedAt(), target.callbackUrl(), notification));
        }
        if (ShopRedaction.TOPIC.equals(webhook.topic())) {
            redaction.requested(target.accountId(), webhook.shopDomain(), webhook.receivedAt(),
                    target.callbackUrl() != null);
        }
        return Outcome.STORED;
    }

    /** When the last batch was stored ({@link System#nanoTime()}). */
    long lastWriteNanos() {
        return lastWriteNanos;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "webhook-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result.completeExceptionally(new OverloadedException());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the web server has stopped taking requests, so queued webhooks are still written. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    private record Pending(IncomingWebhook webhook, CompletableFuture<Outcome> result) {
    }

    /** The writer cannot take more now. */
    static final class OverloadedException extends RuntimeException {
        OverloadedException() {
            super("the webhook writer is full or stopping", null, false, false);
        }
    }
}
