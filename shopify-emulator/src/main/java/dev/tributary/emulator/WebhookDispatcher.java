package dev.tributary.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tributary.emulator.http.Request;
import dev.tributary.emulator.http.Response;
import dev.tributary.emulator.http.Router;
import dev.tributary.emulator.http.ShopifyHttpException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers webhooks as Shopify does: a POST of the JSON body with Shopify's headers and HMAC (the
 * app's client secret over the exact bytes), 1 s to connect and 5 s in all, only 2xx counts, no
 * redirects. A failure is retried with the original body and address on {@link WebhookRetrySchedule},
 * with the same webhook id; when the last retry fails, the subscription is deleted, as Shopify
 * deletes Admin API subscriptions after consecutive failures. Sends run off the caller's thread and
 * never wait for each other.
 * <p>
 * Control routes: {@code GET /_emulator/deliveries}, {@code POST|DELETE /_emulator/faults} (make an
 * address look failing or slow) and {@code POST /_emulator/shops/{shop}/subscriptions} (a shortcut
 * that makes a subscription without the Admin API).
 */
final class WebhookDispatcher implements WebhookPublisher, AutoCloseable {

    static final int LOG_SIZE = 10_000;
    static final int MAX_IN_FLIGHT = 128;

    private final EmulatorState state;
    private final EmulatorSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService senders;
    private final ScheduledExecutorService retries;
    /** Attempts waiting for one of the {@link #MAX_IN_FLIGHT} sending slots; nothing blocks a thread. */
    private final Queue<Attempt> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Deque<Map<String, Object>> log = new ArrayDeque<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final AtomicInteger generation = new AtomicInteger();

    WebhookDispatcher(EmulatorState state, EmulatorSettings settings, Clock clock) {
        this.state = state;
        this.settings = settings;
        this.clock = clock;
        this.senders = Executors.newFixedThreadPool(4, daemon("shopify-emulator-webhooks"));
        this.retries = Executors.newSingleThreadScheduledExecutor(daemon("shopify-emulator-retries"));
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.webhookConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(senders)
                .build();
    }

    void register(Router router) {
        router.add("GET", ControlApi.PREFIX + "/deliveries", this::deliveries);
        router.add("POST", ControlApi.PREFIX + "/faults", this::addFault);
        router.add("DELETE", ControlApi.PREFIX + "/faults", request -> {
            faults.clear();
            return Response.json(200, Map.of("cleared", true));
        });
        router.add("POST", ControlApi.PREFIX + "/shops/{shop}/subscriptions", this::subscribeDirectly);
        router.add("DELETE", ControlApi.PREFIX + "/shops/{shop}/subscriptions/{id}", this::removeSubscription);
    }

    @Override
    public void publish(Shop shop, String topic, ObjectNode payload, String onlyClientId) {
        String eventId = UUID.randomUUID().toString();
        Instant triggeredAt = clock.instant();
        for (Subscription subscription : shop.subscriptions().values()) {
            if (!subscription.topic().equals(topic) || (onlyClientId != null && !onlyClientId.equals(subscription.clientId()))) {
                continue;
            }
            App app = state.app(subscription.clientId()).orElse(null);
            if (app == null) {
                continue;
            }
            byte[] body = Response.JSON.writeValueAsBytes(select(payload, subscription.fields()));
            String apiVersion = subscription.apiVersion() == null ? settings.apiVersion() : subscription.apiVersion();
            start(new Delivery(UUID.randomUUID().toString(), eventId, topic, shop, app, subscription.address(),
                    subscription.id(), apiVersion, triggeredAt, body, generation.get()));
        }
    }

    @Override
    public void publishCompliance(Shop shop, App app, String topic, ObjectNode payload) {
        if (app.complianceUrl() == null) {
            return;
        }
        start(new Delivery(UUID.randomUUID().toString(), UUID.randomUUID().toString(), topic, shop, app,
                app.complianceUrl(), -1, settings.apiVersion(), clock.instant(), Response.JSON.writeValueAsBytes(payload),
                generation.get()));
    }

    /** Forgets pending retries, faults and the delivery log. */
    void reset() {
        generation.incrementAndGet();
        faults.clear();
        synchronized (log) {
            log.clear();
        }
    }

    @Override
    public void close() {
        generation.incrementAndGet();
        retries.shutdownNow();
        senders.shutdownNow();
    }

    private void start(Delivery delivery) {
        enqueue(new Attempt(delivery, 0, false));
    }

    private void enqueue(Attempt attempt) {
        waiting.add(attempt);
        pump();
    }

    /** Starts waiting attempts while sending slots are free; called on every arrival and completion. */
    private void pump() {
        while (true) {
            int busy = inFlight.get();
            if (busy >= MAX_IN_FLIGHT) {
                return;
            }
            if (!inFlight.compareAndSet(busy, busy + 1)) {
                continue;
            }
            Attempt next = waiting.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                if (waiting.isEmpty()) {
                    return;
                }
                continue;
            }
            try {
                attempt(next);
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                throw e;
            }
        }
    }

    /** Runs in a sending slot; every path ends with {@link #done}. */
    private void attempt(Attempt attempt) {
        Delivery delivery = attempt.delivery;
        int retry = attempt.retry;
        if (delivery.generation != generation.get()) {
            done();
            return;
        }
        Fault fault = attempt.slowedAlready ? null : faults.get(delivery.address);
        if (fault != null && fault.mode.equals("lose")) {
            if (retry == 0 && fault.loses()) {
                // Shopify does not promise every webhook: this one is never sent and never retried.
                done();
                record(delivery, retry, clock.instant(), 0, null, 0, false, "lost");
                return;
            }
            fault = null;
        }
        if (fault != null && fault.take()) {
            done();
            if (fault.mode.equals("fail")) {
                settle(delivery, retry, clock.instant(), fault.status, null, 0);
            } else {
                later(Duration.ofMillis(fault.delayMillis), new Attempt(delivery, retry, true));
            }
            return;
        }
        Instant at = clock.instant();
        long started = System.nanoTime();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(delivery.address))
                    .timeout(settings.webhookTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Shopify-Captain-Hook")
                    .header("X-Shopify-Topic", delivery.topic)
                    .header("X-Shopify-Hmac-Sha256", ShopifyHmac.webhook(delivery.app.clientSecret(), delivery.body))
                    .header("X-Shopify-Shop-Domain", delivery.shop.domain())
                    .header("X-Shopify-API-Version", delivery.apiVersion)
                    .header("X-Shopify-Webhook-Id", delivery.webhookId)
                    .header("X-Shopify-Event-Id", delivery.eventId)
                    .header("X-Shopify-Triggered-At", delivery.triggeredAt.toString())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body))
                    .build();
        } catch (IllegalArgumentException e) {
            done();
            settle(delivery, retry, at, 0, "invalid address: " + e.getMessage(), 0);
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            done();
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (error != null) {
                Throwable cause = error.getCause() == null ? error : error.getCause();
                settle(delivery, retry, at, 0, cause.getClass().getSimpleName() + ": " + cause.getMessage(), millis);
            } else {
                settle(delivery, retry, at, response.statusCode(), null, millis);
            }
        });
    }

    private void settle(Delivery delivery, int retry, Instant at, int status, String error, long millis) {
        boolean success = status >= 200 && status < 300;
        record(delivery, retry, at, status, error, millis, success);
        if (success || delivery.generation != generation.get()) {
            return;
        }
        int next = retry + 1;
        if (next <= settings.webhookRetries()) {
            later(settings.scaled(WebhookRetrySchedule.delayBefore(next)), new Attempt(delivery, next, false));
        } else if (delivery.subscriptionId >= 0) {
            Subscription subscription = delivery.shop.subscriptions().get(delivery.subscriptionId);
            if (subscription != null && subscription.address().equals(delivery.address)
                    && delivery.shop.subscriptions().remove(delivery.subscriptionId, subscription)) {
                state.changed();
            }
        }
    }

    private void done() {
        inFlight.decrementAndGet();
        pump();
    }

    private void later(Duration wait, Attempt attempt) {
        try {
            retries.schedule(() -> enqueue(attempt), wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the emulator is closing
        }
    }

    private void record(Delivery delivery, int retry, Instant at, int status, String error, long millis, boolean success) {
        record(delivery, retry, at, status, error, millis, success,
                success ? "delivered" : retry < settings.webhookRetries() ? "will_retry" : "failed");
    }

    private void record(Delivery delivery, int retry, Instant at, int status, String error, long millis, boolean success,
            String outcome) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("webhookId", delivery.webhookId);
        entry.put("eventId", delivery.eventId);
        entry.put("topic", delivery.topic);
        entry.put("shop", delivery.shop.domain());
        entry.put("address", delivery.address);
        entry.put("attempt", retry + 1);
        entry.put("at", at.toString());
        entry.put("statusCode", status == 0 ? null : status);
        entry.put("error", error);
        entry.put("durationMs", millis);
        entry.put("outcome", outcome);
        synchronized (log) {
            log.addLast(entry);
            while (log.size() > LOG_SIZE) {
                log.removeFirst();
            }
        }
    }

    private Response deliveries(Request request) {
        List<Map<String, Object>> matching = new ArrayList<>();
        synchronized (log) {
            for (Map<String, Object> entry : log) {
                if (matches(entry, "shop", request.query("shop")) && matches(entry, "topic", request.query("topic"))
                        && matches(entry, "address", request.query("address"))
                        && matches(entry, "webhookId", request.query("webhookId"))) {
                    matching.add(entry);
                }
            }
        }
        return Response.json(200, matching);
    }

    private static boolean matches(Map<String, Object> entry, String field, String wanted) {
        if (wanted == null) {
            return true;
        }
        Object value = entry.get(field);
        return value != null && (value.equals(wanted) || (field.equals("shop") && value.equals(wanted + ".myshopify.com")));
    }

    /**
     * {@code {"address", "mode": "fail"|"slow"|"lose", "status"?: 500, "delayMs"?: 1000, "times"?: n,
     * "rate"?: 0.1, "seed"?: 1}}: {@code lose} silently drops that share of the webhooks for the
     * address (chosen by a seeded random, so a run can be repeated), as Shopify may.
     */
    private Response addFault(Request request) {
        JsonNode body = parse(request);
        String address = body.path("address").asString("");
        String mode = body.path("mode").asString("");
        if (address.isEmpty() || !(mode.equals("fail") || mode.equals("slow") || mode.equals("lose"))) {
            return Response.errors(400, "a fault needs an address and a mode of fail, slow or lose");
        }
        double rate = body.path("rate").asDouble(0.1);
        if (rate < 0 || rate > 1) {
            return Response.errors(400, "rate is a share of webhooks from 0 to 1");
        }
        Fault fault = new Fault(mode, body.path("status").asInt(500), body.path("delayMs").asLong(6000),
                body.has("times") ? new AtomicInteger(body.get("times").asInt()) : null, rate,
                new java.util.Random(body.path("seed").asLong(1)));
        faults.put(address, fault);
        return Response.json(201, Map.of("address", address, "mode", mode));
    }

    /** A subscription made directly, skipping the Admin API: {@code {"clientId", "topic", "address"}}. */
    private Response subscribeDirectly(Request request) {
        Shop shop = state.shop(request.pathVariable("shop"))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(404, "no such shop")));
        JsonNode body = parse(request);
        String clientId = body.path("clientId").asString("");
        String topic = body.path("topic").asString("");
        String address = body.path("address").asString("");
        if (state.app(clientId).isEmpty() || !Topics.isSubscribable(topic) || !WebhookSubscriptions.isValidAddress(address)) {
            return Response.errors(400, "needs a known clientId, a known topic and an http(s) address");
        }
        Instant now = clock.instant();
        Subscription subscription = new Subscription(state.nextId(), clientId, topic, address, "json", List.of(), List.of(),
                settings.apiVersion(), now, now);
        shop.subscriptions().put(subscription.id(), subscription);
        state.changed();
        return Response.json(201, Map.of("id", subscription.id(), "graphqlId", subscription.graphqlId()));
    }

    /** Removes a subscription without telling the app, as Shopify does after a run of failed deliveries. */
    private Response removeSubscription(Request request) {
        Shop shop = state.shop(request.pathVariable("shop"))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(404, "no such shop")));
        long id;
        try {
            id = Long.parseLong(request.pathVariable("id"));
        } catch (NumberFormatException e) {
            return Response.errors(400, "a subscription id is a number");
        }
        if (shop.subscriptions().remove(id) == null) {
            return Response.errors(404, "no such subscription");
        }
        state.changed();
        return Response.json(200, Map.of("removed", id));
    }

    private static JsonNode parse(Request request) {
        try {
            return request.body().length == 0 ? Response.JSON.createObjectNode() : Response.JSON.readTree(request.body());
        } catch (RuntimeException e) {
            throw new ShopifyHttpException(Response.errors(400, "body is not valid JSON"));
        }
    }

    /** The payload limited to the subscription's fields (all of it when none are listed). */
    private static ObjectNode select(ObjectNode payload, List<String> fields) {
        if (fields.isEmpty()) {
            return payload;
        }
        ObjectNode selected = Response.JSON.createObjectNode();
        for (String field : fields) {
            if (payload.has(field)) {
                selected.set(field, payload.get(field));
            }
        }
        return selected;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One webhook on its way to one address; the same across its retries. */
    private record Delivery(String webhookId, String eventId, String topic, Shop shop, App app, String address,
            long subscriptionId, String apiVersion, Instant triggeredAt, byte[] body, int generation) {
    }

    /** One try at a delivery; {@code slowedAlready} once a slow fault has held it back. */
    private record Attempt(Delivery delivery, int retry, boolean slowedAlready) {
    }

    /** An address made to look failing, slow or lossy, for {@code times} attempts or until cleared. */
    private record Fault(String mode, int status, long delayMillis, AtomicInteger times, double rate,
            java.util.Random random) {

        boolean take() {
            return times == null || times.getAndDecrement() > 0;
        }

        boolean loses() {
            synchronized (random) {
                return random.nextDouble() < rate;
            }
        }
    }
}
