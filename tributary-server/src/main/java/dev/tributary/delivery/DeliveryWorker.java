package dev.tributary.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import dev.tributary.accounts.AccountManagement;
import dev.tributary.accounts.AccountSettings;
import dev.tributary.instances.SignatureKeys;
import dev.tributary.platform.storage.GroupCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends deliveries. Most arrive from the {@link Handoff}: the commit that wrote them leased to this
 * node hands them over, and one loop starts them in free sending slots without touching the table.
 * The same loop claims from the table, under a lease, what nobody holds: due retries,
 * redeliveries, deliveries whose lease ran out (a node died) and those written when the hand-off
 * was full; it looks there when woken for it, when the next one falls due, and at least every
 * polling interval. A pool sends concurrently, at most a few at a time per callback host, and the
 * store's writer ({@link GroupCommit}) records the attempts and settles the deliveries in batches,
 * in the transaction that also stores the webhooks waiting then; a sending slot is free again once
 * its attempt is recorded. Redelivered
 * deliveries are the exception: they queue per callback URL and go out one after another, oldest
 * first. Start-up simply resumes whatever is due.
 */
@Component
class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final java.time.Duration HOST_BUSY_BACKOFF = java.time.Duration.ofMillis(200);
    private static final int SETTLE_BATCH = 256;

    private final DeliveryRepository repository;
    private final CallbackSender sender;
    private final SignatureKeys signatureKeys;
    private final AccountManagement accounts;
    private final ApplicationEventPublisher events;
    private final DeliverySignal signal;
    private final TransactionTemplate transactions;
    private final DeliveryProperties properties;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Timer attemptDuration;
    private final Timer endToEnd;
    private final Map<String, Counter> attemptCounters = new ConcurrentHashMap<>();
    private final Handoff handoff;
    private final String owner;
    private final Counter handedOff;
    private final Counter claimed;
    private final Semaphore slots;
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();
    /** Per callback host, how many more sends may wait for it rather than be handed back. */
    private final Map<String, Semaphore> waitingRooms = new ConcurrentHashMap<>();
    /** Per account and callback URL, the last redelivery queued; the next one runs after it. */
    private final Map<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
    /**
     * Deliveries queued in a lane behind another send and not started yet: a stop gives them back,
     * since a lane whose tail finishes after the senders shut down cannot start them.
     */
    private final Set<Long> waitingInLanes = ConcurrentHashMap.newKeySet();
    private ExecutorService pool;
    private final GroupCommit.Queue<Settlement> settlements;
    /** Records one at a time what failed to be recorded together, off the store's writer thread. */
    private final ExecutorService oneByOne = Executors.newSingleThreadExecutor(daemon("delivery-settle-one-by-one"));
    private Thread loop;
    private volatile boolean running;

    DeliveryWorker(DeliveryRepository repository, CallbackSender sender, SignatureKeys signatureKeys,
            AccountManagement accounts, DeliverySignal signal, Handoff handoff, TransactionTemplate transactions,
            GroupCommit groupCommit, DeliveryProperties properties, Clock clock, MeterRegistry metrics,
            ApplicationEventPublisher events) {
        this.events = events;
        this.handoff = handoff;
        this.owner = handoff.owner();
        this.handedOff = dispatched(metrics, "handoff");
        this.claimed = dispatched(metrics, "claim");
        this.repository = repository;
        this.sender = sender;
        this.signatureKeys = signatureKeys;
        this.accounts = accounts;
        this.signal = signal;
        this.transactions = transactions;
        this.properties = properties;
        this.schedule = RetrySchedule.standard(properties.retryTimeScale());
        this.clock = clock;
        this.metrics = metrics;
        this.slots = new Semaphore(properties.concurrency());
        this.attemptDuration = Timer.builder("tributary.delivery.attempt.duration")
                .description("Time one callback attempt took").publishPercentileHistogram().register(metrics);
        this.endToEnd = Timer.builder("tributary.delivery.latency")
                .description("Time from receiving a webhook to its callback acknowledging it")
                .publishPercentileHistogram().register(metrics);
        this.settlements = groupCommit.queue("delivery outcomes", new SettlementWriter(), Integer.MAX_VALUE, SETTLE_BATCH);
    }

    private static Counter dispatched(MeterRegistry metrics, String via) {
        return Counter.builder("tributary.delivery.dispatched").tag("via", via)
                .description("Deliveries started: handed over by the commit that wrote them, or claimed from the table")
                .register(metrics);
    }

    private void run() {
        Instant nextTableCheck = Instant.MIN;
        boolean tableMayHaveMore = false;
        while (running) {
            try {
                Instant now = clock.instant();
                boolean lookInTable = signal.takeTableDue() || tableMayHaveMore || !now.isBefore(nextTableCheck);
                dispatch(handoff.take(freeSlots(), now), handedOff);
                if (lookInTable) {
                    int free = freeSlots();
                    if (free == 0) {
                        // Look again as soon as a slot is free.
                        tableMayHaveMore = true;
                    } else {
                        tableMayHaveMore = dispatch(claim(free, now), claimed) == free;
                        nextTableCheck = tableMayHaveMore ? now : now.plus(untilNextDue());
                    }
                }
                if (freeSlots() > 0 && (tableMayHaveMore || !handoff.isEmpty())) {
                    continue;
                }
                java.time.Duration wait = freeSlots() == 0 ? properties.pollInterval()
                        : java.time.Duration.between(clock.instant(), nextTableCheck);
                signal.await(wait.compareTo(properties.pollInterval()) < 0 ? wait : properties.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Claiming deliveries failed; trying again shortly", e);
                sleepQuietly();
            }
        }
    }

    private int freeSlots() {
        return Math.min(slots.availablePermits(), properties.claimBatch());
    }

    /** Takes up to {@code limit} due deliveries from the table under this node's lease. */
    private List<DeliveryRepository.ClaimedDelivery> claim(int limit, Instant now) {
        return transactions.execute(status -> {
            List<Long> ids = repository.claim(owner, now, now.plus(properties.lease()), limit);
            return ids.isEmpty() ? List.of() : repository.findClaimed(ids, owner);
        });
    }

    /** Starts sending deliveries this node holds, each in a sending slot; how many. */
    private int dispatch(List<DeliveryRepository.ClaimedDelivery> deliveries, Counter via) throws InterruptedException {
        for (int i = 0; i < deliveries.size(); i++) {
            DeliveryRepository.ClaimedDelivery delivery = deliveries.get(i);
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                // Stopping, maybe right after a claim: what this node holds but will not send is due
                // again at once for another node, not one lease later.
                giveBack(deliveries.subList(i, deliveries.size()));
                throw e;
            }
            Runnable send = () -> {
                boolean settling = false;
                try {
                    settling = deliver(delivery);
                } catch (RuntimeException e) {
                    log.error("Delivery {} failed unexpectedly; its lease will expire and it will be tried again",
                            delivery.id(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (!settling) {
                        slots.release();
                        signal.wake();
                    }
                }
            };
            if (delivery.inOrder()) {
                waitingInLanes.add(delivery.id());
                enqueueInLane(delivery.accountId() + " " + delivery.url(), () -> {
                    if (waitingInLanes.remove(delivery.id())) {
                        send.run();
                    }
                });
            } else {
                pool.execute(send);
            }
        }
        via.increment(deliveries.size());
        return deliveries.size();
    }

    private void giveBack(List<DeliveryRepository.ClaimedDelivery> deliveries) {
        boolean interrupted = Thread.interrupted(); // so the store's connection pool does not refuse the call
        try {
            repository.releaseLeases(deliveries.stream().map(DeliveryRepository.ClaimedDelivery::id).toList(), owner);
        } catch (RuntimeException e) {
            log.warn("Giving back {} deliveries failed; their leases will expire", deliveries.size(), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code send} after every earlier send queued for the same lane has finished. */
    private void enqueueInLane(String lane, Runnable send) {
        CompletableFuture<Void> queued = lanes.compute(lane, (key, tail) ->
                (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                        .handleAsync((ignored, failure) -> {
                            send.run();
                            return null;
                        }, pool));
        queued.whenComplete((ignored, failure) -> lanes.remove(lane, queued));
    }

    /** How long the claimer may sleep: until the next delivery falls due, at most the polling interval. */
    private java.time.Duration untilNextDue() {
        Instant next = repository.nextDue(clock.instant());
        if (next == null) {
            return properties.pollInterval();
        }
        java.time.Duration wait = java.time.Duration.between(clock.instant(), next);
        if (wait.isNegative()) {
            return java.time.Duration.ofMillis(1);
        }
        return wait.compareTo(properties.pollInterval()) < 0 ? wait : properties.pollInterval();
    }

    /**
     * Sends one claimed delivery; true when its outcome is queued for the settler, which then
     * frees its sending slot.
     */
    private boolean deliver(DeliveryRepository.ClaimedDelivery delivery) throws InterruptedException {
        if (delivery.subscriptionDeactivated()) {
            // Written while its subscription was being deactivated: it joins the queue unsent, like those after it.
            transactions.executeWithoutResult(status -> repository.queueClaimed(delivery.id(), owner, clock.instant()));
            log.info("Delivery {} of event {} (instance {}) queued unsent: the subscription for {} is deactivated",
                    delivery.id(), delivery.eventId(), delivery.instanceId(), AttemptOutcomes.hostAndPort(delivery.url()));
            return false;
        }
        if (delivery.stale() && delivery.dropStale()) {
            transactions.executeWithoutResult(status -> repository.cancelStale(delivery.id(), owner, clock.instant()));
            log.info("Delivery {} of event {} (instance {}) dropped: a newer notification about its object was "
                    + "delivered first (event.delivery.stale=drop)", delivery.id(), delivery.eventId(), delivery.instanceId());
            // Cancelled, it no longer holds back the next delivery of its object.
            signal.wake();
            return false;
        }
        String hostKey = hostOf(delivery.url());
        Semaphore host = hosts.computeIfAbsent(hostKey, h -> new Semaphore(properties.perHostConcurrency()));
        boolean waited = false;
        if (!host.tryAcquire()) {
            // The host has as many sends in flight as allowed. A redelivery always waits its turn (handing
            // it back could let a later one overtake it); others wait while the host's waiting room has
            // space, so a busy host is not starved by a round trip through the table, and are handed back
            // a little later when it is full, so a hanging host cannot take every sending slot.
            Semaphore waitingRoom = waitingRooms.computeIfAbsent(hostKey,
                    h -> new Semaphore(properties.hostWaitingRoom()));
            if (!delivery.inOrder() && !waitingRoom.tryAcquire()) {
                Instant later = clock.instant().plus(HOST_BUSY_BACKOFF);
                transactions.executeWithoutResult(status -> repository.release(delivery.id(), owner, later));
                return false;
            }
            try {
                host.acquire();
            } finally {
                if (!delivery.inOrder()) {
                    waitingRoom.release();
                }
            }
            waited = true;
        }
        // The lease may have run low while waiting for the host, or in a redelivery lane behind earlier ones.
        Instant until = clock.instant().plus(properties.lease());
        if ((waited || delivery.inOrder())
                && !Boolean.TRUE.equals(transactions.execute(status -> repository.renewLease(delivery.id(), owner, until)))) {
            host.release();
            return false;
        }
        try {
            byte[] body = delivery.stale() ? flaggedStale(delivery.body()) : delivery.body();
            Map<String, String> signatures = signatureKeys.of(delivery.accountId(), delivery.instanceId())
                    .map(key -> NotificationSignatures.headers(key, delivery.eventId(), clock.instant().getEpochSecond(),
                            body))
                    .orElse(Map.of());
            Instant attemptedAt = clock.instant();
            CallbackSender.Result result = sender.send(delivery.url(), delivery.eventId(), body, signatures);
            attemptDuration.record(result.durationMs(), TimeUnit.MILLISECONDS);
            settle(delivery, attemptedAt, result);
            return true;
        } finally {
            host.release();
        }
    }

    private static final byte[] MESSAGE_START = "{\"message\":{".getBytes(StandardCharsets.UTF_8);
    private static final byte[] STALE_FIELD = "\"stale\":true,".getBytes(StandardCharsets.UTF_8);

    /**
     * A notification's bytes with {@code "stale": true} as the message's first field: it is older
     * than one already delivered for its object. Every notification starts with the message
     * object (the stored bytes are Tributary's own); one that somehow does not is sent as stored.
     */
    static byte[] flaggedStale(byte[] body) {
        if (!Arrays.equals(body, 0, Math.min(body.length, MESSAGE_START.length), MESSAGE_START, 0,
                MESSAGE_START.length)) {
            return body;
        }
        byte[] flagged = new byte[body.length + STALE_FIELD.length];
        System.arraycopy(body, 0, flagged, 0, MESSAGE_START.length);
        System.arraycopy(STALE_FIELD, 0, flagged, MESSAGE_START.length, STALE_FIELD.length);
        System.arraycopy(body, MESSAGE_START.length, flagged, MESSAGE_START.length + STALE_FIELD.length,
                body.length - MESSAGE_START.length);
        return flagged;
    }

    private void settle(DeliveryRepository.ClaimedDelivery delivery, Instant attemptedAt, CallbackSender.Result result) {
        DeliveryDecision.AttemptOutcome outcome = result.outcome();
        String policy = outcome.succeeded() ? "retry" : accounts.setting(delivery.accountId(), AccountSettings.FAILURE_POLICY);
        Instant now = clock.instant();
        // The schedule counts from when the first failed attempt was made, as its recorded time shows.
        Instant firstFailure = delivery.firstFailureAt() == null && !outcome.succeeded() ? attemptedAt
                : delivery.firstFailureAt();
        DeliveryDecision.Next next = DeliveryDecision.decide(outcome, policy,
                new DeliveryDecision.History(delivery.retries(), Math.max(0, delivery.attempts() - delivery.retries()),
                        firstFailure),
                now, schedule);
        Settlement settlement = new Settlement(delivery, attemptedAt, result, next, now);
        if (!settlements.offer(settlement)) {
            // The store's writer has stopped: recorded here, alone.
            recordOneByOne(List.of(settlement));
            settled(List.of(settlement));
        }
    }

    /** One attempt's outcome, waiting to be recorded. */
    private record Settlement(DeliveryRepository.ClaimedDelivery delivery, Instant attemptedAt,
            CallbackSender.Result result, DeliveryDecision.Next next, Instant now) {
    }

    /**
     * Records attempts in batches, in the store writer's transaction (one fsync for them and the
     * webhooks stored with them); then frees their sending slots and wakes the claimer, which may
     * now see a retry due soon.
     */
    private final class SettlementWriter implements GroupCommit.Writer<Settlement> {

        @Override
        public GroupCommit.Written write(List<Settlement> batch) {
            List<Boolean> mine;
            try (DeliveryRepository.Outcomes outcomes = repository.outcomes()) {
                mine = DeliveryWorker.this.write(outcomes, batch);
            }
            return () -> {
                for (int i = 0; i < batch.size(); i++) {
                    recorded(batch.get(i), mine.get(i));
                }
                settled(batch);
            };
        }

        @Override
        public void failed(List<Settlement> batch, RuntimeException cause) {
            // One bad row must not cost the others their record: write them one at a time.
            log.warn("Recording {} delivery attempts together failed; recording them one by one", batch.size(), cause);
            oneByOne.execute(() -> {
                try {
                    recordOneByOne(batch);
                } finally {
                    settled(batch);
                }
            });
        }
    }

    private void recordOneByOne(List<Settlement> batch) {
        for (Settlement settlement : batch) {
            try {
                boolean mine = Boolean.TRUE.equals(transactions.execute(status -> {
                    try (DeliveryRepository.Outcomes outcomes = repository.outcomes()) {
                        return write(outcomes, List.of(settlement)).get(0);
                    }
                }));
                recorded(settlement, mine);
            } catch (RuntimeException one) {
                log.error("Recording the attempt at delivery {} failed; its lease will expire and it will be tried again",
                        settlement.delivery().id(), one);
            }
        }
    }

    /** Their attempts are recorded (or given up on): their sending slots are free. */
    private void settled(List<Settlement> batch) {
        slots.release(batch.size());
        // A retry scheduled is due later in the table, and the next delivery of an object delivered in
        // order may be claimed now; otherwise the free slots are news enough.
        if (batch.stream().anyMatch(settlement -> settlement.next().status().equals("retrying")
                || settlement.delivery().orderKey() != null && signal.orderedMayWait())) {
            signal.wake();
        } else {
            signal.nudge();
        }
    }

    /** Records the batch's attempts and settles its deliveries; for each, whether this node still held it. */
    private List<Boolean> write(DeliveryRepository.Outcomes outcomes, List<Settlement> batch) {
        Set<Long> settled = outcomes.record(batch.stream().map(settlement -> new DeliveryRepository.Outcome(
                settlement.delivery().id(), settlement.attemptedAt(), settlement.result().statusCode(),
                settlement.result().error(), settlement.result().durationMs(), settlement.next(), settlement.now()))
                .toList(), owner);
        List<Boolean> mine = new ArrayList<>(batch.size());
        for (Settlement settlement : batch) {
            DeliveryRepository.ClaimedDelivery delivery = settlement.delivery();
            boolean held = settled.contains(delivery.id());
            mine.add(held);
            if (held && settlement.next().deactivationReason() != null) {
                repository.deactivate(delivery.accountId(), delivery.url(), settlement.next().deactivationReason(),
                        settlement.now());
            }
            if (held && settlement.result().outcome().succeeded() && ShopRedactDelivered.TOPIC.equals(delivery.topic())) {
                events.publishEvent(new ShopRedactDelivered(delivery.accountId(), delivery.shopDomain(),
                        delivery.createdAt()));
            }
        }
        return mine;
    }

    private void recorded(Settlement settlement, boolean settled) {
        DeliveryRepository.ClaimedDelivery delivery = settlement.delivery();
        DeliveryDecision.Next next = settlement.next();
        CallbackSender.Result result = settlement.result();
        // Looked up once per outcome and reason: building and registering a meter per attempt costs more than counting.
        attemptCounters.computeIfAbsent(next.status() + " " + result.reason(), key -> Counter.builder(
                "tributary.delivery.attempts").tag("outcome", next.status()).tag("reason", result.reason())
                .description("Delivery attempts, by the status they left the delivery in and how they ended")
                .register(metrics)).increment();
        String host = AttemptOutcomes.hostAndPort(delivery.url());
        if (settled && result.outcome().succeeded()) {
            endToEnd.record(java.time.Duration.between(delivery.createdAt(), settlement.now()));
            log.debug("Delivered event {} (instance {}) to {}: HTTP {} in {} ms", delivery.eventId(),
                    delivery.instanceId(), host, result.statusCode(), result.durationMs());
            return;
        }
        if (!settled) {
            log.warn("Delivery {} was taken over by another worker while this one sent it", delivery.id());
            return;
        }
        log.warn("Delivery {} of event {} (instance {}) to {} failed: {}; {}", delivery.id(), delivery.eventId(),
                delivery.instanceId(), host, result.describe(), nextStep(settlement));
        if (next.deactivationReason() != null) {
            log.warn("Subscription of account {} for {} deactivated: {}; its notifications are queued until "
                    + "redelivered (PUT /notifications/subscriptions/deliveries)", delivery.accountId(), host,
                    next.deactivationReason());
        }
    }

    /** What follows a failed attempt, for its log line. */
    private String nextStep(Settlement settlement) {
        DeliveryDecision.Next next = settlement.next();
        if (next.status().equals("retrying")) {
            return next.retriesSpent() > settlement.delivery().retries()
                    ? "retry " + next.retriesSpent() + " of " + schedule.retries() + " at " + next.nextAttemptAt()
                    : "next attempt at " + next.nextAttemptAt() + ", as the callback asked (Retry-After)";
        }
        return next.deactivationReason() != null ? "queued: " + next.deactivationReason()
                : "queued: the account's failure policy is 'queue'";
    }

    private static String hostOf(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(properties.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A thread per send: virtual threads where the JDK has them (21 and later), so sends waiting
     * on slow callbacks cost no platform threads; a cached pool of daemon threads on 17.
     */
    static ExecutorService senders() {
        if (Runtime.version().feature() >= 21) {
            try {
                ThreadFactory virtual = new VirtualThreadTaskExecutor("delivery-sender-").getVirtualThreadFactory();
                // Called reflectively: the code is compiled for Java 17, which lacks the method.
                return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                        .invoke(null, virtual);
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("Virtual threads are not available for sending callbacks; using platform threads", e);
            }
        }
        return Executors.newCachedThreadPool(daemon("delivery-sender"));
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public synchronized void start() {
        if (properties.perHostConcurrency() * 2 > properties.concurrency()) {
            log.warn("TRIBUTARY_DELIVERY_PER_HOST_CONCURRENCY ({}) is more than half of TRIBUTARY_DELIVERY_CONCURRENCY ({}):"
                    + " one slow callback host can hold more than half of the sending slots and delay the others",
                    properties.perHostConcurrency(), properties.concurrency());
        }
        running = true;
        handoff.open();
        pool = senders();
        loop = new Thread(this::run, "delivery-claimer");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        List<Long> neverStarted = handoff.close();
        signal.wake();
        if (loop != null) {
            loop.interrupt();
            try {
                // No claim may start a send after the senders are shut down, or come after the store has gone.
                loop.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pool != null) {
            pool.shutdown();
            try {
                // Sends in flight may finish; what does not finish keeps its lease and is taken again later.
                pool.awaitTermination(properties.requestTimeout().toSeconds() + 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Handed over, or queued in a lane, but never started: due again at once for the next node or
        // start, not after the lease.
        List<Long> giveBack = new ArrayList<>(neverStarted);
        for (Long waiting : List.copyOf(waitingInLanes)) {
            if (waitingInLanes.remove(waiting)) {
                giveBack.add(waiting);
            }
        }
        repository.releaseLeases(giveBack, owner);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the writer and stops before it. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 2000;
    }
}
