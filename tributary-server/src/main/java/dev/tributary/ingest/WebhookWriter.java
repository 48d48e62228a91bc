package dev.tributary.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.tributary.delivery.Notification;
import dev.tributary.delivery.Notifications;
import dev.tributary.delivery.VersionClaim;
import dev.tributary.events.NotificationBody;
import dev.tributary.instances.IngestTarget;
import dev.tributary.platform.storage.GroupCommit;
import dev.tributary.platform.storage.PreparedBatch;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores received webhooks with group commit: the store's writer ({@link GroupCommit}) takes every
 * webhook waiting at that moment (up to a batch) and writes them, their notifications and their
 * delivery rows in one transaction with whatever else waits to be written, so many concurrent
 * webhooks share one commit and one fsync. Each caller waits for the commit that holds its webhook
 * before answering Shopify. The deliveries a commit wrote are handed straight to this node's
 * senders after it.
 */
@Component
class WebhookWriter implements GroupCommit.Writer<WebhookWriter.Pending> {

    /** What became of a webhook. */
    enum Outcome { STORED, DUPLICATE, RECONCILED_ALREADY }

    static final int MAX_BATCH = 256;
    static final int QUEUE_CAPACITY = 8192;

    private static final Logger log = LoggerFactory.getLogger(WebhookWriter.class);

    private final IngestRepository repository;
    private final Notifications notifications;
    private final ShopRedaction redaction;
    private final DistributionSummary batchSizes;
    private final GroupCommit groupCommit;
    private final GroupCommit.Queue<Pending> queue;
    private volatile long lastWriteNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

    WebhookWriter(IngestRepository repository, Notifications notifications, GroupCommit groupCommit,
            ShopRedaction redaction, MeterRegistry metrics) {
        this.notifications = notifications;
        this.redaction = redaction;
        this.batchSizes = DistributionSummary.builder("tributary.ingest.batch.size")
                .description("Webhooks written per group commit").register(metrics);
        this.repository = repository;
        this.groupCommit = groupCommit;
        this.queue = groupCommit.queue("received webhooks", this, QUEUE_CAPACITY, MAX_BATCH);
    }

    /** Queues a webhook for the next commit; fails at once when the queue is full (the caller answers 503). */
    CompletableFuture<Outcome> submit(IncomingWebhook webhook) {
        Pending pending = new Pending(webhook, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            pending.result.completeExceptionally(new OverloadedException());
        }
        return pending.result;
    }

    @Override
    public GroupCommit.Written write(List<Pending> batch) {
        Notifications.Handoffs handoffs = notifications.handoffs();
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        try (PreparedBatch received = repository.batch(); Notifications.Batch outbox = notifications.batch(handoffs)) {
            List<IncomingWebhook> webhooks = batch.stream().map(Pending::webhook).toList();
            Set<VersionClaim> granted = outbox.claim(webhooks.stream().map(IncomingWebhook::versionClaim)
                    .filter(Objects::nonNull).toList());
            List<Long> receivedIds = repository.insertReceived(received, webhooks);
            List<Notification> toRecord = new ArrayList<>();
            for (int i = 0; i < webhooks.size(); i++) {
                IncomingWebhook webhook = webhooks.get(i);
                Outcome outcome = outcome(webhook, receivedIds.get(i), granted);
                outcomes.add(outcome);
                if (outcome == Outcome.STORED) {
                    IngestTarget target = webhook.target();
                    for (NotificationBody.Notification notification : webhook.notifications()) {
                        toRecord.add(new Notification(target.accountId(), target.instanceId(), "webhook",
                                webhook.topic(), webhook.shopDomain(), receivedIds.get(i), webhook.receivedAt(),
                                target.callbackUrl(), notification, webhook.order()));
                    }
                    if (ShopRedaction.TOPIC.equals(webhook.topic())) {
                        // What the redaction erases is what was recorded before it, as if one by one.
                        outbox.record(toRecord);
                        toRecord.clear();
                        redaction.requested(target.accountId(), webhook.shopDomain(), webhook.receivedAt(),
                                target.callbackUrl() != null);
                    }
                }
            }
            outbox.record(toRecord);
        } catch (RuntimeException e) {
            handoffs.abandoned();
            throw e;
        }
        return new GroupCommit.Written() {
            @Override
            public void committed() {
                batchSizes.record(batch.size());
                lastWriteNanos = System.nanoTime();
                handoffs.committed();
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result.complete(outcomes.get(i));
                }
            }

            @Override
            public void rolledBack() {
                handoffs.abandoned();
            }
        };
    }

    @Override
    public void failed(List<Pending> batch, RuntimeException cause) {
        if (!groupCommit.isRunning()) {
            // Queued as the server stopped: answered like a full queue, and Shopify sends them again.
            batch.forEach(pending -> pending.result.completeExceptionally(new OverloadedException()));
            return;
        }
        log.error("Could not store a batch of {} webhook(s); Shopify will send them again", batch.size(), cause);
        batch.forEach(pending -> pending.result.completeExceptionally(cause));
    }

    private static Outcome outcome(IncomingWebhook webhook, Long receivedId, Set<VersionClaim> granted) {
        if (receivedId == null) {
            return Outcome.DUPLICATE;
        }
        if (webhook.versionClaim() != null && !granted.contains(webhook.versionClaim())) {
            // The reconciliation sweep delivered this version already: the webhook is kept, not sent again.
            return Outcome.RECONCILED_ALREADY;
        }
        return Outcome.STORED;
    }

    /** When the last batch was stored ({@link System#nanoTime()}). */
    long lastWriteNanos() {
        return lastWriteNanos;
    }

    record Pending(IncomingWebhook webhook, CompletableFuture<Outcome> result) {
    }

    /** The writer cannot take more now. */
    static final class OverloadedException extends RuntimeException {
        OverloadedException() {
            super("the webhook writer is full or stopping", null, false, false);
        }
    }
}
