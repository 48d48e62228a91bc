package dev.tributary.polling;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.tributary.emulator.ResourceType;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
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
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The poller against the emulator as Shopify, on each storage engine: changes made at the shop
 * arrive at the callback as polled events, created or updated by the tolerance, each change once,
 * across polls and restarts; a token Shopify refuses stops it.
 */
class PollingIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Every 1.2 s. */
    static final String INTERVAL = "0.02";

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
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenarios {

        TestStore store;
        EmulatedShopify shopify;
        RecordingReceiver receiver;
        RunningService service;
        ApiClient api;
        Credentials admin;
        Map<String, String> settings;

        abstract TestStore newStore();

        @BeforeAll
        void start() {
            store = newStore();
            shopify = EmulatedShopify.start();
            receiver = RecordingReceiver.start();
            settings = Map.of(
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.delivery.poll-interval", "50ms",
                    "tributary.polling.tick", "100ms",
                    // PostgreSQL means production mode, which refuses the loopback receiver unless allowed.
                    "tributary.callback.allow", RecordingReceiver.LOOPBACK_ALLOW);
            service = RunningService.start(store, settings);
            api = service.client();
            admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
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

        /** A polling instance for orders whose notifications go to the receiver's {@code path}. */
        long pollingInstance(String path) {
            Answer created = api.post(API + "/instances", """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.notification.enabled": true, "event.vendor.type": "polling",
                       "event.poller.refresh_interval": "%s",
                       "event.poller.configuration": {"orders": {
                         "url": "/hubs/ecommerce/orders?where=updated_at_min='${gmtDate:yyyy-MM-dd'T'HH:mm:ssXXX}'",
                         "createdCheckTolerance": 1, "pageSize": 2}},
                       "event.notification.callback.url": "%s"},
                     "name": "Polled shop"}
                    """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET,
                    INTERVAL, receiver.url(path))).as(admin).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            return created.json().get("id").asLong();
        }

        long createOrder(String email) {
            ObjectNode fields = JSON.createObjectNode().put("email", email);
            return shopify.emulator().resources().create(shopify.shop(), ResourceType.ORDERS, fields).get("id").asLong();
        }

        static JsonNode message(Received received) {
            return JSON.readTree(received.body()).get("message");
        }

        /** The received notifications about one order, in arrival order. */
        List<JsonNode> about(String path, long orderId) {
            return receiver.received(path).stream().map(Scenarios::message)
                    .filter(m -> m.get("events").get(0).get("objectId").asString().equals(Long.toString(orderId)))
                    .toList();
        }

        @Test
        void changes_arrive_once_each_as_created_then_updated() throws Exception {
            long instanceId = pollingInstance("/polled");
            // Polled since the instance was made: three orders, more than a page of two.
            long first = createOrder("first@example.com");
            long second = createOrder("second@example.com");
            long third = createOrder("third@example.com");
            receiver.await("/polled", r -> r.size() >= 3, 15);
            for (long order : List.of(first, second, third)) {
                List<JsonNode> got = about("/polled", order);
                assertThat(got).as("order %d", order).hasSize(1);
                JsonNode message = got.get(0);
                assertThat(message.get("source").asString()).isEqualTo("polling");
                assertThat(message.get("topic").asString()).isEqualTo("orders/create");
                assertThat(message.get("instanceId").asLong()).isEqualTo(instanceId);
                assertThat(message.get("events").get(0).get("eventType").asString()).isEqualTo("CREATED");
                assertThat(message.get("events").get(0).get("objectType").asString()).isEqualTo("orders");
                // As the REST Admin API renders it (compared as parsed text: the emulator keeps ids as longs).
                assertThat(message.get("raw")).isEqualTo(JSON.readTree(shopify.emulator().resources()
                        .get(shopify.shop(), ResourceType.ORDERS, order).orElseThrow().toString()));
            }

            // Changed more than the tolerance after it was made: updated.
            Thread.sleep(2100);
            shopify.emulator().resources().update(shopify.shop(), ResourceType.ORDERS, first,
                    JSON.createObjectNode().put("note", "gift wrap"));
            receiver.await("/polled", r -> about("/polled", first).size() >= 2, 15);
            JsonNode updated = about("/polled", first).get(1);
            assertThat(updated.get("topic").asString()).isEqualTo("orders/updated");
            assertThat(updated.get("events").get(0).get("eventType").asString()).isEqualTo("UPDATED");
            assertThat(updated.get("raw").get("note").asString()).isEqualTo("gift wrap");

            // Later polls overlap the same times and deliver nothing again.
            Thread.sleep(4000);
            assertThat(receiver.received("/polled")).hasSize(4);
            assertThat(api.get(API + "/instances/" + instanceId + "/events?objectType=orders").as(admin).send().json())
                    .hasSize(4).allSatisfy(event -> assertThat(event.get("source").asString()).isEqualTo("polling"));
        }

        @Test
        void a_restart_neither_repeats_nor_skips_a_change() throws Exception {
            pollingInstance("/restart");
            long before = createOrder("before@example.com");
            receiver.await("/restart", r -> !about("/restart", before).isEmpty(), 15);
            service.close();
            long during = createOrder("during@example.com");
            service = RunningService.start(store, settings);
            api = service.client();
            receiver.await("/restart", r -> !about("/restart", during).isEmpty(), 20);
            Thread.sleep(3000);
            assertThat(about("/restart", before)).hasSize(1);
            assertThat(about("/restart", during)).hasSize(1);
        }

        @Test
        void one_node_at_a_time_holds_an_instances_poll_until_its_lease_runs_out() throws Exception {
            long instanceId = pollingInstance("/leases");
            JdbcClient jdbc = JdbcClient.create(service.bean(DataSource.class));
            for (int i = 0; i < 100 && jdbc.sql("SELECT COUNT(*) FROM poll_states WHERE instance_id = :id")
                    .param("id", instanceId).query(Long.class).single() == 0; i++) {
                Thread.sleep(50);
            }
            // Two nodes ask a day from now, when the poll is due whatever this node did meanwhile.
            PollRepository polls = service.bean(PollRepository.class);
            TransactionTemplate transactions = service.bean(TransactionTemplate.class);
            Instant later = Instant.now().plus(Duration.ofDays(1));
            Duration lease = Duration.ofMinutes(5);
            java.util.function.BiFunction<String, Instant, Long> claims = (node, at) -> transactions.execute(status ->
                    polls.claim(node, at, at.plus(lease), 100).stream().filter(c -> c.instanceId() == instanceId).count());
            assertThat(claimSoon(claims, "node-a", later)).isEqualTo(1);
            assertThat(claims.apply("node-b", later)).as("held by node-a").isZero();
            assertThat(claimSoon(claims, "node-b", later.plus(lease).plusSeconds(1))).as("node-a's lease ran out").isEqualTo(1);
        }

        /**
         * Claims, trying a few times: on PostgreSQL a row this node's own poller has locked for a
         * moment (claiming or finishing it) is skipped, not waited for.
         */
        static long claimSoon(java.util.function.BiFunction<String, Instant, Long> claims, String node, Instant at)
                throws InterruptedException {
            long claimed = 0;
            for (int i = 0; i < 40 && claimed == 0; i++) {
                claimed = claims.apply(node, at);
                if (claimed == 0) {
                    Thread.sleep(25);
                }
            }
            return claimed;
        }

        @Test
        void a_poll_another_node_started_is_not_put_off_by_a_node_that_has_not_seen_the_instance_yet() throws Exception {
            long instanceId = pollingInstance("/unsynced");
            // As another node whose sync saw the new instance first would: due at once. This node's
            // poller takes it at its next tick, before its own sync (every 2 s) has seen the instance.
            JdbcClient jdbc = JdbcClient.create(service.bean(DataSource.class));
            long accountId = jdbc.sql("SELECT account_id FROM instances WHERE id = :id").param("id", instanceId)
                    .query(Long.class).single();
            Instant now = Instant.now();
            service.bean(PollRepository.class).add(accountId, instanceId, "orders", "polling", now.minusSeconds(1), now);
            long order = createOrder("unsynced@example.com");
            receiver.await("/unsynced", r -> !about("/unsynced", order).isEmpty(), 10);
            assertThat(about("/unsynced", order)).as("polled within 10 s, not a minute later").hasSize(1);
        }

        @Test
        void a_token_shopify_refuses_marks_the_instance_not_valid_and_polling_stops() throws Exception {
            long instanceId = pollingInstance("/revoked");
            JdbcClient jdbc = JdbcClient.create(service.bean(DataSource.class));
            long polled = 0;
            for (int i = 0; i < 100 && polled == 0; i++) {
                Thread.sleep(50);
                polled = jdbc.sql("SELECT COUNT(*) FROM poll_states WHERE instance_id = :id").param("id", instanceId)
                        .query(Long.class).single();
            }
            assertThat(polled).isEqualTo(1);
            shopify.emulator().state().uninstall(shopify.shop(), EmulatedShopify.CLIENT_ID);

            JsonNode instance = null;
            for (int i = 0; i < 100; i++) {
                instance = api.get(API + "/instances/" + instanceId).as(admin).send().json();
                if (!instance.get("valid").asBoolean()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(instance.get("valid").asBoolean()).isFalse();
            assertThat(instance.get("invalidReason").asString()).contains("HTTP 401");
            for (int i = 0; i < 100 && polled > 0; i++) {
                Thread.sleep(50);
                polled = jdbc.sql("SELECT COUNT(*) FROM poll_states WHERE instance_id = :id").param("id", instanceId)
                        .query(Long.class).single();
            }
            assertThat(polled).as("polls left for the instance").isZero();
            Map<String, Object> metrics = new LinkedHashMap<>();
            api.get("/actuator/prometheus").send().body().lines()
                    .filter(line -> line.startsWith("tributary_polling_polls_total{"))
                    .forEach(line -> metrics.put(line.substring(0, line.lastIndexOf(' ')), line.substring(line.lastIndexOf(' ') + 1)));
            assertThat(metrics.keySet()).anyMatch(key -> key.contains("outcome=\"failed\"") && key.contains("resource=\"orders\""));
        }
    }
}
