package dev.tributary.polling;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.tributary.delivery.DeliverySignal;
import dev.tributary.delivery.Notification;
import dev.tributary.delivery.Notifications;
import dev.tributary.events.EventIds;
import dev.tributary.events.NotificationBody;
import dev.tributary.hub.HubResources;
import dev.tributary.instances.PolledInstances;
import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.web.ApiException;
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
 * Polls (SPEC 5): for each polling instance and resource, every refresh interval, the objects
 * changed since the last poll (less the poll delay) are read page by page through the hub, and each
 * change not delivered before becomes a notification ({@code source: polling}, {@code CREATED} when
 * created and updated times are within the tolerance, else {@code UPDATED}), recorded with the
 * version it delivers in one transaction per page. The window's end is stored only when every page
 * is in, so a crash or restart polls the window again, and the stored versions keep that from
 * delivering anything twice. A poll is held under a lease, so on PostgreSQL one node polls an
 * instance's resource at a time.
 */
@Component
class Poller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    private static final Duration SYNC_EVERY = Duration.ofSeconds(2);
    private static final int CLAIM_BATCH = 8;

    private final PolledInstances instances;
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
    private Thread thread;
    private volatile boolean running;

    Poller(PolledInstances instances, PollRepository repository, HubResources hub, Notifications notifications,
            DeliverySignal deliveries, TransactionTemplate transactions, PollingProperties properties, Clock clock,
            MeterRegistry metrics) {
        this.instances = instances;
        this.repository = repository;
        this.hub = hub;
        this.notifications = notifications;
        this.deliveries = deliveries;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** An instance that polls, and its plan. */
    private record Target(PolledInstances.PolledInstance instance, PollPlan plan) {

        PollPlan.ResourcePoll resource(String name) {
            return plan.resources().stream().filter(r -> r.resource().equals(name)).findFirst().orElse(null);
        }
    }

    private void run() {
        while (running) {
            try {
                Instant now = clock.instant();
                if (!now.isBefore(nextSync)) {
                    sync(now);
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
            PollPlan plan;
            try {
                plan = PollPlan.of(instance.configuration());
            } catch (RuntimeException e) {
                log.warn("Instance {} has a poller configuration that cannot be read; not polling it: {}",
                        instance.instanceId(), e.getMessage());
                continue;
            }
            current.put(instance.instanceId(), new Target(instance, plan));
            for (PollPlan.ResourcePoll resource : plan.resources()) {
                wanted.add(instance.instanceId() + " " + resource.resource());
            }
        }
        targets = current;
        transactions.executeWithoutResult(status -> {
            for (Target target : current.values()) {
                for (PollPlan.ResourcePoll resource : target.plan().resources()) {
                    // The first poll is due at once and looks back to when polling was configured.
                    repository.add(target.instance().accountId(), target.instance().instanceId(), resource.resource(),
                            target.instance().configuredAt(), now);
                }
            }
            for (String polled : repository.all()) {
                if (!wanted.contains(polled)) {
                    String[] parts = polled.split(" ", 2);
                    repository.remove(Long.parseLong(parts[0]), parts[1]);
                }
            }
        });
    }

    private void poll(PollRepository.Claimed poll) {
        Target target = targets.get(poll.instanceId());
        PollPlan.ResourcePoll resource = target == null ? null : target.resource(poll.resource());
        Instant started = clock.instant();
        if (resource == null) {
            // Not in this node's plans: no longer polled (this node's next sync removes it), or not
            // yet seen here (another node added it since this node's last sync). Due again once that
            // sync has run, not a minute later, which would hold back a new instance's first poll.
            transactions.execute(status -> repository.finish(poll.id(), owner, poll.polledUntil(), started.plus(SYNC_EVERY)));
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
                HubResources.HubPage page = hub.list(caller, resource.resource(), where,
                        Integer.toString(resource.pageSize()), nextPage);
                pages++;
                objects += page.items().size();
                emitted += record(target.instance(), resource, page.items(), started);
                nextPage = page.nextPageToken();
            } while (nextPage != null && running);
        } catch (ApiException e) {
            outcome = "failed";
            log.warn("Polling {} of instance {} failed: {}{}; tried again in {}", resource.resource(), poll.instanceId(),
                    e.getMessage(), e.providerMessage() == null ? "" : " (Shopify: " + e.providerMessage() + ")",
                    target.plan().interval());
        }
        Instant polledUntil = outcome.equals("ok") && nextPage == null ? started : poll.polledUntil();
        Instant next = started.plus(target.plan().interval());
        transactions.execute(status -> repository.finish(poll.id(), owner, polledUntil, next));
        if (emitted > 0) {
            deliveries.wake();
        }
        Duration took = Duration.between(started, clock.instant());
        Timer.builder("tributary.polling.duration").tag("resource", resource.resource())
                .description("Time one poll of a resource took, every page").register(metrics).record(took);
        count("tributary.polling.polls", resource.resource(), outcome, 1);
        count("tributary.polling.objects", resource.resource(), null, objects);
        count("tributary.polling.events", resource.resource(), null, emitted);
        count("tributary.polling.duplicates", resource.resource(), null, objects - emitted);
        log.info("Polled {} of instance {}: {} page(s), {} object(s), {} event(s), {} ms", resource.resource(),
                poll.instanceId(), pages, objects, emitted, took.toMillis());
    }

    /** Records the page's changes not delivered before, in one transaction; how many. */
    private int record(PolledInstances.PolledInstance instance, PollPlan.ResourcePoll resource, JsonNode items,
            Instant now) {
        Integer recorded = transactions.execute(status -> {
            int count = 0;
            for (JsonNode item : items) {
                String id = item.path(resource.idField()).asString("");
                String updated = item.path(resource.updatedField()).asString("");
                if (id.isEmpty() || !repository.firstSeen(instance.instanceId(), resource.resource(), id, updated)) {
                    continue;
                }
                String created = item.path(resource.createdField()).asString("");
                boolean isNew = withinTolerance(created, updated, resource.createdTolerance());
                String topic = resource.resource() + (isNew ? "/create"
                        : resource.resource().equals("orders") ? "/updated" : "/update");
                Instant changedAt = time(updated, now);
                NotificationBody.Header header = new NotificationBody.Header(instance.accountId(), instance.instanceId(),
                        instance.name(), instance.tags(), "polling", topic, instance.shopDomain(), null, changedAt);
                NotificationBody.ProviderBody raw = NotificationBody.read(item.toString().getBytes(StandardCharsets.UTF_8));
                for (NotificationBody.Notification body : NotificationBody.build(header,
                        List.of(new NotificationBody.Event(resource.resource(), id, isNew ? "CREATED" : "UPDATED", topic,
                                changedAt)),
                        raw.json(), raw.text(), NotificationBody.MAX_POLLING_EVENTS, EventIds::next)) {
                    notifications.record(new Notification(instance.accountId(), instance.instanceId(), "polling", topic,
                            instance.shopDomain(), null, now, instance.callbackUrl(), body));
                }
                count++;
            }
            return count;
        });
        return recorded == null ? 0 : recorded;
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
