package dev.tributary.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tributary.testing.ApiClient.Answer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ordering drill: {@value #UPDATES} {@code orders/updated} webhooks about each of {@value #ORDERS}
 * orders, each a later version than the one before, sent shuffled and concurrently, with the
 * receiver failing about one first attempt in ten. Delivered in order per object, each order's
 * notifications reach the receiver newest-so-far or flagged {@code "stale": true}, never an older
 * one unflagged after a newer one.
 */
public final class OrderedUpdates {

    public static final int ORDERS = 20;
    public static final int UPDATES = 10;
    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One webhook: the order, which of its updates, and when Shopify triggered it. */
    public record Update(long orderId, int version, String webhookId, Instant triggeredAt, byte[] body) {
    }

    /** What the receiver acknowledged of one notification, in the order it arrived. */
    public record Delivered(String eventId, String webhookId, long orderId, Instant triggeredAt, boolean stale) {
    }

    private final List<Update> updates;
    private final Random random;
    private final Set<String> firstAttemptsSeen = new HashSet<>();
    private final AtomicInteger failedFirstAttempts = new AtomicInteger();

    private OrderedUpdates(List<Update> updates, Random random) {
        this.updates = updates;
        this.random = random;
    }

    /** The {@value #ORDERS} x {@value #UPDATES} webhooks in a shuffled order; orders numbered from {@code firstOrderId}. */
    public static OrderedUpdates shuffled(long seed, long firstOrderId) {
        List<Update> updates = new ArrayList<>();
        for (int order = 0; order < ORDERS; order++) {
            long id = firstOrderId + order;
            for (int version = 1; version <= UPDATES; version++) {
                Instant at = START.plusSeconds(version);
                byte[] body = ("{\"id\":" + id + ",\"updated_at\":\"" + at + "\",\"note\":\"update " + version + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                updates.add(new Update(id, version, UUID.randomUUID().toString(), at, body));
            }
        }
        Random random = new Random(seed);
        Collections.shuffle(updates, random);
        return new OrderedUpdates(updates, random);
    }

    /** Update {@code version} of order {@code orderId}, triggered {@code version} seconds after 10:00, posted to {@code node}. */
    public static Answer post(ApiClient node, String webhookPath, long orderId, int version) {
        Instant at = START.plusSeconds(version);
        byte[] body = ("{\"id\":" + orderId + ",\"updated_at\":\"" + at + "\"}").getBytes(StandardCharsets.UTF_8);
        return post(node, webhookPath, new Update(orderId, version, UUID.randomUUID().toString(), at, body));
    }

    private static Answer post(ApiClient node, String webhookPath, Update update) {
        return node.call("POST", webhookPath).header("Content-Type", "application/json")
                .header("X-Shopify-Topic", "orders/updated")
                .header("X-Shopify-Shop-Domain", EmulatedShopify.SHOP + ".myshopify.com")
                .header("X-Shopify-Webhook-Id", update.webhookId())
                .header("X-Shopify-Triggered-At", update.triggeredAt().toString())
                .header("X-Shopify-Hmac-Sha256", ShopifyWebhooks.hmac(EmulatedShopify.CLIENT_SECRET, update.body()))
                .body(HttpRequest.BodyPublishers.ofByteArray(update.body())).send();
    }

    public int size() {
        return updates.size();
    }

    /** Makes the receiver's {@code path} fail (500) about one notification's first attempt in ten. */
    public void failSomeFirstAttempts(RecordingReceiver receiver, String path) {
        receiver.decide(path, request -> {
            synchronized (this) {
                if (firstAttemptsSeen.add(request.header("Elements-Event-Id")) && random.nextInt(10) == 0) {
                    failedFirstAttempts.incrementAndGet();
                    return 500;
                }
                return 200;
            }
        });
    }

    public int failedFirstAttempts() {
        return failedFirstAttempts.get();
    }

    /** Posts every webhook, 8 at a time, spread over the nodes in turn; each must be stored (200). */
    public void send(List<ApiClient> nodes, String webhookPath) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) {
                Update update = updates.get(i);
                ApiClient node = nodes.get(i % nodes.size());
                answers.add(pool.submit(() -> post(node, webhookPath, update)));
            }
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Waits until every webhook's notification was acknowledged; what was, in the order it arrived. */
    public List<Delivered> awaitDelivered(RecordingReceiver receiver, String path, int seconds) throws InterruptedException {
        receiver.await(path, received -> received.stream().filter(RecordingReceiver.Received::acknowledged)
                .map(r -> r.header("Elements-Event-Id")).distinct().count() >= updates.size(), seconds);
        List<Delivered> delivered = new ArrayList<>();
        for (RecordingReceiver.Received received : receiver.received(path)) {
            if (received.acknowledged()) {
                JsonNode message = JSON.readTree(received.body()).get("message");
                delivered.add(new Delivered(message.get("eventId").asString(), message.get("webhookId").asString(),
                        message.get("raw").get("id").asLong(), Instant.parse(message.get("triggeredAt").asString()),
                        message.path("stale").asBoolean(false)));
            }
        }
        return delivered;
    }

    /**
     * Checks the arrival order per order: a notification is flagged stale exactly when a newer one
     * about its order arrived before it; so the unflagged ones arrive oldest first.
     */
    public static void assertInOrderOrFlaggedStale(List<Delivered> delivered) {
        Map<Long, Instant> newestSoFar = new HashMap<>();
        Map<Long, List<String>> arrivals = new HashMap<>();
        for (Delivered notification : delivered) {
            Instant newest = newestSoFar.get(notification.orderId());
            arrivals.computeIfAbsent(notification.orderId(), id -> new ArrayList<>())
                    .add(notification.triggeredAt() + (notification.stale() ? " stale" : ""));
            boolean older = newest != null && notification.triggeredAt().isBefore(newest);
            assertThat(notification.stale())
                    .as("order %d: the update triggered at %s arrived after %s; arrivals so far %s",
                            notification.orderId(), notification.triggeredAt(), newest, arrivals.get(notification.orderId()))
                    .isEqualTo(older);
            if (!older) {
                newestSoFar.put(notification.orderId(), notification.triggeredAt());
            }
        }
    }
}
