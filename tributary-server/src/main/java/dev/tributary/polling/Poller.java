package dev.tributary.polling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.tributary.delivery.DeliverySignal;
import dev.tributary.delivery.DeliveryOrder;
import dev.tributary.delivery.Notification;
import dev.tributary.delivery.Notifications;
import dev.tributary.delivery.ObjectVersion;
import dev.tributary.delivery.VersionClaim;
import dev.tributary.events.EventIds;
import dev.tributary.events.NotificationBody;
import dev.tributary.hub.HubResources;
import dev.tributary.ingest.IngestActivity;
import dev.tributary.instances.InstanceManagement;
import dev.tributary.instances.PolledInstances;
import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.web.ApiException;
import dev.tributary.shopify.ShopifyException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Polls (SPEC 5) and reconciles. For each polling instance and resource, every refresh interval, the
 * objects changed since the last poll (less the poll delay) are read page by page through the hub,
 * and each change not delivered before becomes a notification ({@code source: polling},
 * {@code CREATED} when created and updated times are within the tolerance, else {@code UPDATED}),
 * recorded with the version it delivers, {@value #CHUNK} objects per transaction. A reconciliation
 * sweep of a webhook instance reads the same way and sends only the versions no webhook brought
 * ({@code source: reconciliation}), then re-creates the subscriptions Shopify removed. The window's
 * end is stored only when every page is in, so a crash or restart reads the window again, and the
 * stored versions keep that from delivering anything twice. A read is held under a lease, so on
 * PostgreSQL one node reads an instance's resource at a time.
 */
@Component
class Poller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    /** How often the instances' version is checked; they are read again only when it moved. */
    private static final Duration SYNC_EVERY = Duration.ofSeconds(2);
    /** Reads every instance now and then all the same, so nothing depends on the version alone. */
    private static final Duration FULL_SYNC_EVERY = Duration.ofMinutes(1);
    private static final int CLAIM_BATCH = 8;
    /** Webhooks stored this recently make a poll give way. */
    private static final Duration INGEST_RECENT = Duration.ofMillis(250);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    /** Objects recorded per transaction. */
    static final int CHUNK = 50;

    private final PolledInstances instances;
    private final IngestActivity ingest;
    private final Timer yielded;
    private final InstanceManagement subscriptions;
    private final PollRepository repository;
    private final HubResources hub;
    private final Notifications notifications;
    private final DeliverySignal deliveries;
    private final TransactionTemplate transactions;
    private final PollingProperties properties;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final String owner = "poller-" + UUID.randomUUID();
    private final Map<String, Counter> counters = new HashMap<>();
    private volatile Map<Long, Target> targets = Map.of();
    private Instant nextSync = Instant.EPOCH;
    private Instant nextFullSync = Instant.EPOCH;
    private String syncedVersion = "";
    private Thread thread;
    private volatile boolean running;

    Poller(PolledInstances instances, IngestActivity ingest, InstanceManagement subscriptions,
            PollRepository repository, HubResources hub, Notifications notifications, DeliverySignal deliveries,
            TransactionTemplate transactions, PollingProperties properties, Clock clock, MeterRegistry metrics) {
        this.instances = instances;
        this.ingest = ingest;
        this.yielded = Timer.builder("tributary.polling.yielded")
                .description("Pauses a poll or sweep made between pages to give way to webhooks").register(metrics);
        this.subscriptions = subscriptions;
        this.repository = repository;
        this.hub = hub;
        this.notifications = notifications;
        this.deliveries = deliveries;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** An instance that polls or reconciles, and its plans (a resource is in one of them at most). */
    private record Target(PolledInstances.PolledInstance instance, List<PollPlan> plans) {

        PollPlan planOf(String resource) {
            return plans.stream().filter(plan -> plan.resource(resource) != null).findFirst().orElse(null);
        }
    }

    private void run() {
        while (running) {
            try {
                Instant now = clock.instant();
                if (!now.isBefore(nextSync)) {
                    String version = instances.version();
                    if (!version.equals(syncedVersion) || !now.isBefore(nextFullSync)) {
                        sync(now);
                        syncedVersion = version;
                        nextFullSync = now.plus(FULL_SYNC_EVERY);
                    }
                    nextSync = now.plus(SYNC_EVERY);
                }
                List<PollRepository.Claimed> claimed = transactions.execute(status ->
                        repository.claim(owner, now, now.plus(properties.lease()), CLAIM_BATCH));
                for (PollRepository.Claimed poll : claimed) {
                    poll(poll);
                }
                if (claimed.size() < CLAIM_BATCH) {
                    Thread.sleep(properties.tick().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Polling failed; trying again shortly", e);
                sleepQuietly();
            }
        }
    }

    /** Starts polling what is newly configured and stops what is no longer. */
    private void sync(Instant now) {
        Map<Long, Target> current = new HashMap<>();
        Set<String> wanted = new HashSet<>();
        for (PolledInstances.PolledInstance instance : instances.all()) {
            List<PollPlan> plans = new ArrayList<>();
            try {
                Set<String> polled = new HashSet<>();
                if (instance.configuration().polls()) {
                    PollPlan polling = PollPlan.of(instance.configuration());
                    polling.resources().forEach(resource -> polled.add(resource.resource()));
                    plans.add(polling);
                }
                if (instance.configuration().reconciles()) {
                    plans.add(PollPlan.reconciliation(instance.configuration(), polled));
                }
            } catch (RuntimeException e) {
                log.warn("Instance {} has a poller or reconciliation configuration that cannot be read; not reading "
                        + "its shop: {}", instance.instanceId(), e.getMessage());
                continue;
            }
            current.put(instance.instanceId(), new Target(instance, List.copyOf(plans)));
            for (PollPlan plan : plans) {
                for (PollPlan.ResourcePoll resource : plan.resources()) {
                    wanted.add(instance.instanceId() + " " + resource.resource() + " " + plan.source());
                }
            }
        }
        targets = current;
        transactions.executeWithoutResult(status -> {
            for (String state : repository.all()) {
                if (!wanted.contains(state)) {
                    String[] parts = state.split(" ", 3);
                    repository.remove(Long.parseLong(parts[0]), parts[1]);
                }
            }
            for (Target target : current.values()) {
                for (PollPlan plan : target.plans()) {
                    // Both look back to when the instance was configured; a first poll is due at once, a
                    // first sweep after one interval (there is nothing to have missed before).
                    Instant first = plan.source().equals(PollPlan.POLLING) ? now : now.plus(plan.interval());
                    for (PollPlan.ResourcePoll resource : plan.resources()) {
                        repository.add(target.instance().accountId(), target.instance().instanceId(),
                                resource.resource(), plan.source(), target.instance().configuredAt(), first);
                    }
                }
            }
        });
    }

    private void poll(PollRepository.Claimed poll) {
        Target target = targets.get(poll.instanceId());
        PollPlan plan = target == null ? null : target.planOf(poll.resource());
        Instant started = clock.instant();
        if (plan == null) {
            // Not in this node's plans: no longer read (this node's next sync removes it), or not
            // yet seen here (another node added it since this node's last sync). Due again once that
            // sync has run, not a minute later, which would hold back a new instance's first poll.
            transactions.execute(status -> repository.finish(poll.id(), owner, poll.polledUntil(), started.plus(SYNC_EVERY)));
            return;
        }
        PollPlan.ResourcePoll resource = plan.resource(poll.resource());
        if (resource.resource().equals(PollPlan.SUBSCRIPTIONS)) {
            checkSubscriptions(target.instance(), plan, poll, started);
            return;
        }
        Instant from = poll.polledUntil().minus(resource.pollDelay());
        String where = PollPlan.whereOf(resource.url().expand(from, java.time.ZoneOffset.UTC));
        Caller caller = new Caller(0, poll.accountId(), false, poll.instanceId(), true);
        int pages = 0;
        int objects = 0;
        int emitted = 0;
        String outcome = "ok";
        String nextPage = null;
        try {
            do {
                long pageStarted = System.nanoTime();
                HubResources.HubPage page = hub.list(caller, resource.resource(), where,
                        Integer.toString(resource.pageSize()), nextPage);
                pages++;
                objects += page.items().size();
                emitted += record(target.instance(), plan, resource, page.items(), started);
                nextPage = page.nextPageToken();
                if (nextPage != null) {
                    giveWayToIngest(System.nanoTime() - pageStarted);
                }
            } while (nextPage != null && running);
        } catch (ApiException e) {
            outcome = "failed";
            log.warn("{} {} of instance {} failed: {}{}; tried again in {}", verb(plan), resource.resource(),
                    poll.instanceId(), e.getMessage(),
                    e.providerMessage() == null ? "" : " (Shopify: " + e.providerMessage() + ")", plan.interval());
        }
        Instant polledUntil = outcome.equals("ok") && nextPage == null ? started : poll.polledUntil();
        Instant next = started.plus(plan.interval());
        transactions.execute(status -> repository.finish(poll.id(), owner, polledUntil, next));
        if (emitted > 0) {
            deliveries.wake();
        }
        Duration took = Duration.between(started, clock.instant());
        String prefix = "tributary." + plan.source();
        Timer.builder(prefix + ".duration").tag("resource", resource.resource())
                .description("Time one read of a resource took, every page").register(metrics).record(took);
        count(prefix + ".polls", resource.resource(), outcome, 1);
        count(prefix + ".objects", resource.resource(), null, objects);
        count(prefix + ".events", resource.resource(), null, emitted);
        count(prefix + ".duplicates", resource.resource(), null, objects - emitted);
        log.info("{} {} of instance {}: {} page(s), {} object(s), {} event(s), {} ms", verb(plan), resource.resource(),
                poll.instanceId(), pages, objects, emitted, took.toMillis());
    }

    /**
     * While webhooks are being stored, pauses {@code yieldToIngest} times as long as the last page
     * took, so a poll of thousands of objects takes its share of the CPU and of SQLite's one
     * connection only when ingest leaves it.
     */
    private void giveWayToIngest(long pageNanos) {
        if (properties.yieldToIngest() <= 0 || !ingest.busyWithin(INGEST_RECENT)) {
            return;
        }
        long pause = Math.min((long) (pageNanos * properties.yieldToIngest()), MAX_PAUSE.toNanos());
        yielded.record(pause, TimeUnit.NANOSECONDS);
        try {
            TimeUnit.NANOSECONDS.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String verb(PollPlan plan) {
        return plan.source().equals(PollPlan.POLLING) ? "Polled" : "Reconciled";
    }

    /** Re-creates the subscriptions Shopify removed, as part of a sweep. */
    private void checkSubscriptions(PolledInstances.PolledInstance instance, PollPlan plan, PollRepository.Claimed poll,
            Instant started) {
        String outcome = "ok";
        try {
            List<String> recreated = subscriptions.repairSubscriptions(instance.accountId(), instance.instanceId());
            if (!recreated.isEmpty()) {
                log.warn("Shopify had removed instance {}'s webhook subscription(s) to {}; re-created them",
                        instance.instanceId(), String.join(", ", recreated));
                for (String topic : recreated) {
                    Counter.builder("tributary.reconciliation.subscriptions.recreated").tag("topic", topic)
                            .description("Webhook subscriptions Shopify had removed, made again by a sweep")
                            .register(metrics).increment();
                }
            }
        } catch (ShopifyException e) {
            outcome = "failed";
            log.warn("Checking the webhook subscriptions of instance {} failed: {}; tried again in {}",
                    instance.instanceId(), e.getMessage(), plan.interval());
        }
        Instant next = started.plus(plan.interval());
        transactions.execute(status -> repository.finish(poll.id(), owner, started, next));
        count("tributary.reconciliation.polls", PollPlan.SUBSCRIPTIONS, outcome, 1);
    }

    /**
     * Records the page's changes not delivered before; how many. The notifications are built first,
     * outside any transaction, and recorded {@value #CHUNK} objects per transaction: on SQLite the one
     * connection is the webhook writer's too, and a long transaction would make ingest wait for a poll.
     */
    private int record(PolledInstances.PolledInstance instance, PollPlan plan, PollPlan.ResourcePoll resource,
            JsonNode items, Instant now) {
        boolean reconciling = plan.source().equals(PollPlan.RECONCILIATION);
        List<Change> changes = new ArrayList<>();
        for (JsonNode item : items) {
            String id = item.path(resource.idField()).asString("");
            String updated = item.path(resource.updatedField()).asString("");
            Instant changedAt = time(updated, null);
            if (id.isEmpty() || reconciling && changedAt == null) {
                continue;
            }
            boolean isNew = withinTolerance(item.path(resource.createdField()).asString(""), updated,
                    resource.createdTolerance());
            String topic = PollPlan.topicOf(resource.resource(), isNew);
            if (reconciling && !plan.topics().contains(topic)) {
                continue;
            }
            Instant at = changedAt == null ? now : changedAt;
            DeliveryOrder order = !instance.configuration().orderedPerObject() ? null : DeliveryOrder.of(
                    instance.instanceId(), resource.resource(), id, at, changedAt, instance.configuration().dropsStale());
            NotificationBody.Header header = new NotificationBody.Header(instance.accountId(), instance.instanceId(),
                    instance.name(), instance.tags(), plan.source(), topic, instance.shopDomain(), null, at);
            // The hub parsed the object already: its JSON text is the raw body, not read a second time.
            List<Notification> made = NotificationBody.build(header,
                    List.of(new NotificationBody.Event(resource.resource(), id, isNew ? "CREATED" : "UPDATED", topic, at)),
                    item.toString(), null, NotificationBody.MAX_POLLING_EVENTS, EventIds::next).stream()
                    .map(body -> new Notification(instance.accountId(), instance.instanceId(), plan.source(), topic,
                            instance.shopDomain(), null, now, instance.callbackUrl(), body, order))
                    .toList();
            changes.add(new Change(id, updated, made, !reconciling ? null : new VersionClaim(instance.instanceId(),
                    plan.source(), new ObjectVersion(resource.resource(), id, changedAt.toEpochMilli()))));
        }
        int count = 0;
        for (int from = 0; from < changes.size(); from += CHUNK) {
            List<Change> chunk = changes.subList(from, Math.min(changes.size(), from + CHUNK));
            Integer recorded = transactions.execute(status -> {
                try (Notifications.Batch outbox = notifications.batch()) {
                    Set<VersionClaim> granted = reconciling
                            ? outbox.claim(chunk.stream().map(Change::claim).toList()) : Set.of();
                    List<Notification> toRecord = new ArrayList<>();
                    int sent = 0;
                    for (Change change : chunk) {
                        if (reconciling ? granted.contains(change.claim())
                                : repository.firstSeen(instance.instanceId(), resource.resource(), change.id(),
                                        change.updated())) {
                            toRecord.addAll(change.notifications());
                            sent++;
                        }
                    }
                    outbox.record(toRecord);
                    return sent;
                }
            });
            count += recorded == null ? 0 : recorded;
        }
        return count;
    }

    /** One object of a page that may be a change to send; {@code claim} only when reconciling. */
    private record Change(String id, String updated, List<Notification> notifications, VersionClaim claim) {
    }

    static boolean withinTolerance(String created, String updated, Duration tolerance) {
        try {
            Duration apart = Duration.between(OffsetDateTime.parse(created), OffsetDateTime.parse(updated)).abs();
            return apart.compareTo(tolerance) <= 0;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Instant time(String text, Instant fallback) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private void count(String name, String resource, String outcome, int amount) {
        String key = name + " " + resource + " " + outcome;
        Counter counter;
        synchronized (counters) {
            counter = counters.computeIfAbsent(key, k -> {
                Counter.Builder builder = Counter.builder(name).tag("resource", resource);
                return (outcome == null ? builder : builder.tag("outcome", outcome)).register(metrics);
            });
        }
        counter.increment(amount);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(properties.tick().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void start() {
        int released = repository.releaseLeftoverLeases();
        if (released > 0) {
            log.info("Released {} poll lease(s) left by this node's previous run", released);
        }
        running = true;
        thread = new Thread(this::run, "poller");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
