package dev.tributary.delivery;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.OrderedUpdates;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.RecordingReceiver.Received;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery in order per object ({@code event.delivery.ordering}, {@code object} by default) on each
 * storage engine, one node: updates of one order go out one at a time in Shopify's order, a late
 * older one is flagged stale or dropped, the deliveries API says what a delivery waits for, and
 * redelivery keeps the order (also across a graceful restart). On PostgreSQL, also two nodes'
 * claims interleaved step by step.
 */
class OrderedDeliveryIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SIGNATURE_KEY = "OrderedDeliverySignatureKey";

    @Nested
    class OnSqlite extends Scenarios {
        @Override
        TestStore newStore() {
            return TestStore.sqlite();
        }
    }

    @Nested
    class OnPostgresql extends Scenarios {
        @Override
        TestStore newStore() {
            return TestStore.postgres();
        }

        /**
         * Two nodes claim at once: node X's claim looked before an earlier update's delivery was
         * committed and took the later update's retry; node Y claims after that commit, before X's.
         * Y must not take the earlier update while X has the later one in flight.
         */
        @Test
        void a_claim_that_looked_before_another_nodes_claim_committed_does_not_send_the_same_object_twice_at_once()
                throws Exception {
            String webhookPath = instance("/race", "");
            long orderId = nextOrderId++;
            assertThat(update(webhookPath, orderId, 1).status()).isEqualTo(200);
            receiver.await("/race", received -> received.size() == 1, 10);
            Map<String, Object> first = jdbc.sql("SELECT * FROM deliveries WHERE url = :url")
                    .param("url", receiver.url("/race")).query().singleRow();
            // Due tomorrow, so this node's own sender, which goes by the clock, leaves them to the two claims below.
            Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
            long later = insertDelivery(jdbc, first, "retrying", 3, tomorrow);

            DataSource dataSource = service.bean(DataSource.class);
            DeliveryRepository repository = service.bean(DeliveryRepository.class);
            TransactionTemplate transactions = service.bean(TransactionTemplate.class);
            ExecutorService nodes = Executors.newFixedThreadPool(2);
            CountDownLatch xClaimed = new CountDownLatch(1);
            CountDownLatch xMayCommit = new CountDownLatch(1);
            try (Connection storing = dataSource.getConnection()) {
                storing.setAutoCommit(false);
                long earlier = insertDelivery(JdbcClient.create(new SingleConnectionDataSource(storing, true)), first,
                        "pending", 2, tomorrow);
                Future<List<Long>> x = nodes.submit(() -> transactions.execute(status -> {
                    List<Long> ids = repository.claim("node-x", tomorrow, tomorrow.plusSeconds(60), 1000);
                    xClaimed.countDown();
                    awaitQuietly(xMayCommit);
                    return ids;
                }));
                assertThat(xClaimed.await(10, TimeUnit.SECONDS)).isTrue();
                storing.commit();
                Future<List<Long>> y = nodes.submit(() -> transactions.execute(status ->
                        repository.claim("node-y", tomorrow, tomorrow.plusSeconds(60), 1000)));
                try {
                    // Unfixed, Y answers here, before X commits: the interleaving that sent both at once.
                    y.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException waitingForX) {
                    // Y waits for X's claim of the object to commit.
                }
                xMayCommit.countDown();

                // Both claims also take what other tests left due before tomorrow.
                assertThat(x.get(10, TimeUnit.SECONDS)).as("X took the later update's retry").contains(later)
                        .doesNotContain(earlier);
                assertThat(y.get(10, TimeUnit.SECONDS)).as("Y leaves the earlier one waiting").doesNotContain(earlier);
                assertThat(jdbc.sql("SELECT id FROM deliveries WHERE order_key = :key AND lease_owner IS NOT NULL")
                        .param("key", first.get("order_key")).query(Long.class).list())
                        .as("in flight for the object").containsExactly(later).doesNotContain(earlier);
            } finally {
                xMayCommit.countDown();
                nodes.shutdown();
                jdbc.sql("UPDATE deliveries SET status = 'cancelled', lease_owner = NULL, lease_until = NULL"
                        + " WHERE order_key = :key AND status <> 'delivered'")
                        .param("key", first.get("order_key")).update();
                jdbc.sql("UPDATE deliveries SET lease_owner = NULL, lease_until = NULL"
                        + " WHERE lease_owner IN ('node-x', 'node-y')").update();
            }
        }

        /** A delivery like {@code like}'s, for an update {@code version} seconds after 10:00, due {@code due}. */
        private static long insertDelivery(JdbcClient on, Map<String, Object> like, String status, int version,
                Instant due) {
            long at = Instant.parse("2026-12-03T10:00:00Z").plusSeconds(version).toEpochMilli();
            return on.sql("""
                    INSERT INTO deliveries (account_id, instance_id, notification_id, event_id, channel, url, status,
                                            attempts, retries, next_attempt_at, created_at, updated_at,
                                            order_key, order_at, order_version, drop_stale)
                    VALUES (:account, :instance, :notification, :event, 'webhook', :url, :status, 0, 0, :due, :now,
                            :now, :key, :at, :at, 0)
                    RETURNING id
                    """)
                    .param("account", like.get("account_id")).param("instance", like.get("instance_id"))
                    .param("notification", like.get("notification_id")).param("event", UUID.randomUUID().toString())
                    .param("url", like.get("url")).param("status", status).param("due", due.toEpochMilli())
                    .param("now", System.currentTimeMillis()).param("key", like.get("order_key")).param("at", at)
                    .query(Long.class).single();
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenarios {

        TestStore store;
        EmulatedShopify shopify;
        RecordingReceiver receiver;
        Map<String, String> settings;
        RunningService service;
        ApiClient api;
        Credentials admin;
        JdbcClient jdbc;
        long nextOrderId = 5_000;

        abstract TestStore newStore();

        @BeforeAll
        void start() throws Exception {
            store = newStore();
            shopify = EmulatedShopify.start();
            receiver = RecordingReceiver.start();
            settings = Map.of(
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.delivery.retry-time-scale", "0.00002",
                    "tributary.delivery.poll-interval", "50ms",
                    "tributary.callback.allow", RecordingReceiver.LOOPBACK_ALLOW);
            startService();
            admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
        }

        void startService() {
            service = RunningService.start(store, settings);
            api = service.client();
            jdbc = JdbcClient.create(service.bean(DataSource.class));
        }

        @AfterAll
        void stop() {
            for (AutoCloseable closeable : new AutoCloseable[] {service, receiver, shopify, store}) {
                try {
                    if (closeable != null) {
                        closeable.close();
                    }
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }

        /** An instance taking orders/updated, its callback the receiver's {@code path}, with extra configuration. */
        String instance(String path, String configuration) {
            Answer created = api.post(API + "/instances", shopify.instanceRequest("Ordered delivery " + path,
                    "orders/updated", receiver.url(path),
                    ", \"event.notification.signature.key\": \"" + SIGNATURE_KEY + "\"" + configuration))
                    .as(admin).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            String address = shopify.subscriptions().stream().filter(s -> s.topic().equals("orders/updated"))
                    .map(s -> s.address()).reduce((first, second) -> second).orElseThrow();
            return address.substring(address.indexOf("/elements/api-v2/"));
        }

        Answer update(String webhookPath, long orderId, int version) {
            return OrderedUpdates.post(api, webhookPath, orderId, version);
        }

        /**
         * An instance whose callback, the receiver's {@code path}, answers the first of
         * {@code updates} (order id, version each) with 410, which deactivates its subscription, so
         * the rest are queued unsent; once all are queued, the where clause that lists them.
         */
        String queuedBehindGone(String path, long[][] updates) throws InterruptedException {
            String webhookPath = instance(path, "");
            receiver.script(path, 410);
            assertThat(update(webhookPath, updates[0][0], (int) updates[0][1]).status()).isEqualTo(200);
            receiver.await(path, received -> received.size() == 1, 10);
            for (int i = 1; i < updates.length; i++) {
                assertThat(update(webhookPath, updates[i][0], (int) updates[i][1]).status()).isEqualTo(200);
            }
            String where = URLEncoder.encode("status = 'queued' and config.url = '" + receiver.url(path) + "'",
                    StandardCharsets.UTF_8);
            JsonNode queued = null;
            for (int i = 0; i < 200 && (queued == null || queued.size() < updates.length); i++) {
                Thread.sleep(20);
                queued = api.get(API + "/notifications/subscriptions/deliveries?where=" + where).as(admin).send().json();
            }
            assertThat(queued).hasSize(updates.length);
            return where;
        }

        static JsonNode message(Received received) {
            return JSON.readTree(received.body()).get("message");
        }

        @Test
        void updates_of_twenty_orders_sent_shuffled_arrive_in_order_or_flagged_stale() throws Exception {
            String webhookPath = instance("/drill", "");
            OrderedUpdates updates = OrderedUpdates.shuffled(20261203L, nextOrderId);
            nextOrderId += OrderedUpdates.ORDERS;
            updates.failSomeFirstAttempts(receiver, "/drill");

            updates.send(List.of(api), webhookPath);
            List<OrderedUpdates.Delivered> delivered = updates.awaitDelivered(receiver, "/drill", 60);

            assertThat(delivered).extracting(OrderedUpdates.Delivered::webhookId).doesNotHaveDuplicates()
                    .hasSize(updates.size());
            assertThat(updates.failedFirstAttempts()).as("first attempts failed on purpose").isPositive();
            OrderedUpdates.assertInOrderOrFlaggedStale(delivered);
            assertThat(delivered).as("most arrive in order").filteredOn(d -> !d.stale()).isNotEmpty();
        }

        @Test
        void a_later_update_waits_while_the_earlier_one_is_sent_and_the_api_says_for_which() throws Exception {
            String webhookPath = instance("/slow", "");
            receiver.delay("/slow", Duration.ofMillis(1500));
            long orderId = nextOrderId++;
            assertThat(update(webhookPath, orderId, 1).status()).isEqualTo(200);
            receiver.await("/slow", received -> !received.isEmpty(), 10);
            assertThat(update(webhookPath, orderId, 2).status()).isEqualTo(200);
            // Another order is not held up by the slow first one.
            assertThat(update(webhookPath, orderId + 1000, 1).status()).isEqualTo(200);

            List<Long> ids = jdbc.sql("SELECT id FROM deliveries WHERE url = :url ORDER BY id")
                    .param("url", receiver.url("/slow")).query(Long.class).list();
            assertThat(ids).hasSize(3);
            String second = jdbc.sql("SELECT event_id FROM deliveries WHERE id = :id").param("id", ids.get(1))
                    .query(String.class).single();
            Answer listed = api.get(API + "/notifications/subscriptions/deliveries?where="
                    + URLEncoder.encode("eventId = '" + second + "'", StandardCharsets.UTF_8)).as(admin).send();
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            JsonNode waiting = listed.json().get(0);
            assertThat(waiting.get("status").asString()).isEqualTo("pending");
            assertThat(waiting.get("waitingFor").asLong()).isEqualTo(ids.get(0));
            assertThat(receiver.await("/slow", received -> received.size() >= 2, 5)).as("the other order's update")
                    .hasSizeGreaterThanOrEqualTo(2);

            List<Received> received = receiver.await("/slow", all -> all.size() == 3, 15);
            List<Received> ofOrder = received.stream()
                    .filter(r -> message(r).get("raw").get("id").asLong() == orderId).toList();
            assertThat(ofOrder).extracting(r -> message(r).get("triggeredAt").asString())
                    .containsExactly("2026-12-03T10:00:01Z", "2026-12-03T10:00:02Z");
            assertThat(ofOrder.get(1).at()).as("sent after the first was answered")
                    .isAfterOrEqualTo(ofOrder.get(0).at().plusMillis(1400));
            assertThat(ofOrder).allMatch(r -> !message(r).has("stale"));
            Answer after = api.get(API + "/notifications/subscriptions/deliveries?where="
                    + URLEncoder.encode("eventId = '" + second + "'", StandardCharsets.UTF_8)).as(admin).send();
            assertThat(after.json().get(0).get("waitingFor").isNull()).isTrue();
        }

        @Test
        void an_update_older_than_one_delivered_arrives_flagged_stale_and_signed_as_sent() throws Exception {
            String webhookPath = instance("/stale", "");
            long orderId = nextOrderId++;
            assertThat(update(webhookPath, orderId, 2).status()).isEqualTo(200);
            receiver.await("/stale", received -> received.size() == 1, 10);
            assertThat(update(webhookPath, orderId, 1).status()).isEqualTo(200);

            List<Received> received = receiver.await("/stale", all -> all.size() == 2, 10);
            assertThat(received).hasSize(2);
            assertThat(message(received.get(0)).has("stale")).isFalse();
            Received late = received.get(1);
            assertThat(message(late).get("stale").asBoolean()).isTrue();
            assertThat(message(late).get("triggeredAt").asString()).isEqualTo("2026-12-03T10:00:01Z");
            assertThat(new String(late.body(), StandardCharsets.UTF_8)).startsWith("{\"message\":{\"stale\":true,\"eventId\"");
            assertThat(late.header("Elements-Webhook-Signature"))
                    .isEqualTo(NotificationSignatures.elementsSignature(SIGNATURE_KEY, late.body()));
        }

        @Test
        void queued_updates_of_one_order_are_redelivered_in_shopifys_order_not_the_order_they_came_in()
                throws Exception {
            long orderId = nextOrderId++;
            String where = queuedBehindGone("/requeue", new long[][] {
                    {orderId, 3}, {orderId, 1}, {orderId, 5}, {orderId, 2}, {orderId, 4}});

            receiver.script("/requeue", 200);
            Answer redelivered = api.call("PUT", API + "/notifications/subscriptions/deliveries?where=" + where)
                    .as(admin).send();
            assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(200);
            assertThat(redelivered.json().get("count").asInt()).isEqualTo(5);

            List<Received> acknowledged = receiver.await("/requeue",
                    all -> all.stream().filter(Received::acknowledged).count() == 5, 15)
                    .stream().filter(Received::acknowledged).toList();
            // Oldest first would be the order they came in: 3, 1, 5, 2, 4.
            assertThat(acknowledged).extracting(r -> message(r).get("triggeredAt").asString())
                    .containsExactly("2026-12-03T10:00:01Z", "2026-12-03T10:00:02Z", "2026-12-03T10:00:03Z",
                            "2026-12-03T10:00:04Z", "2026-12-03T10:00:05Z");
            assertThat(acknowledged).allMatch(r -> !message(r).has("stale"));
        }

        @Test
        void a_graceful_stop_gives_back_redeliveries_waiting_in_their_lane_and_the_next_start_sends_them_at_once()
                throws Exception {
            long orderId = nextOrderId;
            nextOrderId += 3;
            String where = queuedBehindGone("/lane", new long[][] {{orderId, 1}, {orderId + 1, 1}, {orderId + 2, 1}});

            // Redeliveries to one URL go one after another: while the first is answered slowly, the
            // other two wait in its lane, claimed by this node.
            receiver.script("/lane", 200);
            receiver.delay("/lane", Duration.ofMillis(1500));
            Answer redelivered = api.call("PUT", API + "/notifications/subscriptions/deliveries?where=" + where)
                    .as(admin).send();
            assertThat(redelivered.json().get("count").asInt()).as(redelivered.toString()).isEqualTo(3);
            receiver.await("/lane", received -> received.size() == 2, 10);
            service.close();
            receiver.delay("/lane", Duration.ZERO);
            startService();

            // Leases last a minute: what the stop had not given back would wait that long.
            List<Received> acknowledged = receiver.await("/lane",
                    all -> all.stream().filter(Received::acknowledged).count() == 3, 10)
                    .stream().filter(Received::acknowledged).toList();
            assertThat(acknowledged).extracting(r -> message(r).get("raw").get("id").asLong())
                    .containsExactlyInAnyOrder(orderId, orderId + 1, orderId + 2);
        }

        @Test
        void with_stale_drop_an_update_older_than_one_delivered_is_cancelled_unsent() throws Exception {
            String webhookPath = instance("/drop", ", \"event.delivery.stale\": \"drop\"");
            long orderId = nextOrderId++;
            assertThat(update(webhookPath, orderId, 2).status()).isEqualTo(200);
            receiver.await("/drop", received -> received.size() == 1, 10);
            assertThat(update(webhookPath, orderId, 1).status()).isEqualTo(200);
            assertThat(update(webhookPath, orderId, 3).status()).isEqualTo(200);

            List<Received> received = receiver.await("/drop", all -> all.size() == 2, 10);
            Thread.sleep(500);
            assertThat(receiver.received("/drop")).extracting(r -> message(r).get("triggeredAt").asString())
                    .containsExactly("2026-12-03T10:00:02Z", "2026-12-03T10:00:03Z");
            assertThat(received).allMatch(r -> !message(r).has("stale"));
            assertThat(jdbc.sql("SELECT status FROM deliveries WHERE url = :url ORDER BY id")
                    .param("url", receiver.url("/drop")).query(String.class).list())
                    .containsExactly("delivered", "cancelled", "delivered");
        }

        @Test
        void with_ordering_none_updates_of_one_order_are_sent_at_once() throws Exception {
            String webhookPath = instance("/unordered", ", \"event.delivery.ordering\": \"none\"");
            receiver.delay("/unordered", Duration.ofMillis(1500));
            long orderId = nextOrderId++;
            assertThat(update(webhookPath, orderId, 1).status()).isEqualTo(200);
            assertThat(update(webhookPath, orderId, 2).status()).isEqualTo(200);

            List<Received> received = receiver.await("/unordered", all -> all.size() == 2, 10);
            assertThat(received).hasSize(2);
            assertThat(Duration.between(received.get(0).at(), received.get(1).at()))
                    .as("the second sent while the first was still in flight").isLessThan(Duration.ofMillis(1000));
        }

        @Test
        void an_unknown_ordering_is_refused_with_the_choices() {
            Answer refused = api.post(API + "/instances", """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.delivery.ordering": "sometimes"}, "name": "Refused"}
                    """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET))
                    .as(admin).send();
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("message").asString())
                    .contains("event.delivery.ordering must be object or none, not 'sometimes'");
        }
    }
}
