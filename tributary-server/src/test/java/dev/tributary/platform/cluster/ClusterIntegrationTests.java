package dev.tributary.platform.cluster;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import dev.tributary.emulator.Subscription;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.OrderedUpdates;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.RecordingReceiver.Received;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.ShopifyWebhooks;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two nodes on one PostgreSQL database, each a whole Tributary in this JVM with its own port and
 * nothing shared but the database (and the data directory's master key, as operators share it):
 * what one node changes, the other honours at once, and changes to one instance made on both
 * nodes at the same time do not interleave.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    TestStore store;
    EmulatedShopify shopify;
    RecordingReceiver receiver;
    RunningService nodeA;
    RunningService nodeB;
    Credentials admin;
    long instanceId;
    String webhookPath;
    Map<String, String> settings;

    @BeforeAll
    void start() throws Exception {
        store = TestStore.postgres();
        shopify = EmulatedShopify.start();
        receiver = RecordingReceiver.start();
        settings = Map.of("tributary.shopify.base-url", shopify.baseUrlTemplate(),
                "tributary.callback.allow", RecordingReceiver.LOOPBACK_ALLOW,
                // The retry schedule 50,000 times shorter: a failed first attempt is tried again within milliseconds.
                "tributary.delivery.retry-time-scale", "0.00002");
        nodeA = RunningService.start(store, settings);
        nodeB = RunningService.start(store, settings);
        admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
        Answer created = createInstance("orders/create", "/before");
        instanceId = created.json().get("id").asLong();
        webhookPath = webhookPathOf("orders/create");
    }

    /** An instance of the shop taking {@code topic}, its callback the receiver's {@code path}, created on node A. */
    private Answer createInstance(String topic, String path) {
        return createInstance(nodeA, admin, shopify, topic, path);
    }

    private Answer createInstance(RunningService node, Credentials admin, EmulatedShopify shopify, String topic,
            String path) {
        Answer created = node.client().post(API + "/instances",
                shopify.instanceRequest("Cluster test " + path, topic, receiver.url(path), "")).as(admin).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created;
    }

    /** The webhook path of the instance subscribed last to {@code topic}. */
    private String webhookPathOf(String topic) {
        return webhookPathOf(shopify, topic);
    }

    private static String webhookPathOf(EmulatedShopify shopify, String topic) {
        String address = shopify.subscriptions().stream().filter(s -> s.topic().equals(topic))
                .map(Subscription::address).reduce((first, second) -> second).orElseThrow();
        return address.substring(address.indexOf("/elements/api-v2/"));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeB, nodeA, receiver, shopify, store}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    @Test
    void each_node_writes_its_heartbeat_and_sees_the_other_alive() {
        List<ClusterNode.Node> seenByA = nodeA.bean(ClusterNode.class).nodes();
        assertThat(seenByA).extracting(ClusterNode.Node::id)
                .contains(nodeA.bean(ClusterNode.class).id(), nodeB.bean(ClusterNode.class).id());
        assertThat(seenByA).allMatch(ClusterNode.Node::alive);
    }

    @Test
    void a_callback_changed_on_one_node_is_used_by_the_other_within_a_second() throws Exception {
        // Node B has the instance cached: a webhook it takes goes to the callback of that moment.
        assertThat(sendTo(nodeB).status()).isEqualTo(200);
        receiver.await("/before", received -> !received.isEmpty(), 10);

        String moved = receiver.url("/moved-" + UUID.randomUUID());
        Answer patched = nodeA.client().patch(API + "/instances/" + instanceId,
                "{\"configuration\": {\"event.notification.callback.url\": \"" + moved + "\"}}").as(admin).send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        Thread.sleep(1_000);

        assertThat(sendTo(nodeB).status()).isEqualTo(200);
        String path = moved.substring(moved.indexOf("/moved-"));
        assertThat(receiver.await(path, received -> !received.isEmpty(), 10)).hasSize(1);
    }

    @Test
    void changes_to_one_instance_on_both_nodes_at_once_are_made_one_after_the_other() throws Exception {
        List<String> topicSets = List.of("orders/create,products/update", "orders/create,customers/create",
                "orders/create,orders/paid", "orders/create,products/create");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<Answer>> answers = new ArrayList<>();
                for (int i = 0; i < topicSets.size(); i++) {
                    RunningService node = i % 2 == 0 ? nodeA : nodeB;
                    String topics = topicSets.get((i + round) % topicSets.size());
                    answers.add(pool.submit(() -> node.client().patch(API + "/instances/" + instanceId,
                            "{\"configuration\": {\"shopify.webhook.topics\": \"" + topics + "\"}}").as(admin).send()));
                }
                for (Future<Answer> answer : answers) {
                    assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(200);
                }
                // Whichever change was made last, Shopify holds exactly the topics the instance says it has.
                Answer instance = nodeB.client().get(API + "/instances/" + instanceId).as(admin).send();
                Set<String> configured = new TreeSet<>(List.of(instance.json().get("configuration")
                        .get("shopify.webhook.topics").asString().split(",")));
                // Every instance also takes app/uninstalled.
                configured.add("app/uninstalled");
                Set<String> atShopify = shopify.subscriptions().stream()
                        .filter(subscription -> subscription.address().endsWith(webhookPath))
                        .map(Subscription::topic).collect(Collectors.toCollection(TreeSet::new));
                assertThat(atShopify).as("round %d", round).isEqualTo(configured);
                assertThat(shopify.subscriptions().stream().filter(s -> s.address().endsWith(webhookPath)).count())
                        .as("one subscription per topic, round %d", round).isEqualTo(configured.size());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void three_nodes_starting_at_once_on_an_empty_database_migrate_it_once_and_all_serve() throws Exception {
        try (TestStore fresh = TestStore.postgres()) {
            ExecutorService starting = Executors.newFixedThreadPool(3);
            List<Future<RunningService>> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    nodes.add(starting.submit(() -> RunningService.start(fresh)));
                }
                List<RunningService> started = new ArrayList<>();
                try {
                    for (Future<RunningService> node : nodes) {
                        started.add(node.get());
                    }
                    JdbcClient jdbc = JdbcClient.create(started.get(0).bean(DataSource.class));
                    assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success")
                            .query(Long.class).single()).isZero();
                    assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL")
                            .query(Long.class).single()).isEqualTo(jdbc.sql(
                                    "SELECT COUNT(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL")
                            .query(Long.class).single());
                    assertThat(jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single())
                            .as("the first start's account, made once").isEqualTo(1);
                    Credentials credentials = Credentials.fromFile(fresh.dataDir().resolve("bootstrap-credentials"));
                    for (RunningService node : started) {
                        assertThat(node.client().get(API + "/accounts/me").as(credentials).send().status()).isEqualTo(200);
                    }
                    assertThat(started.get(0).bean(ClusterNode.class).nodes()).hasSize(3).allMatch(ClusterNode.Node::alive);
                } finally {
                    started.forEach(RunningService::close);
                }
            } finally {
                starting.shutdown();
            }
        }
    }

    @Test
    // Last: installing the app on the shop again for its instance revokes the token the other tests' instance holds.
    @Order(Integer.MAX_VALUE)
    void updates_of_twenty_orders_spread_over_three_nodes_arrive_in_order_or_flagged_stale() throws Exception {
        createInstance("orders/updated", "/ordered");
        String orderedPath = webhookPathOf("orders/updated");
        OrderedUpdates updates = OrderedUpdates.shuffled(15L, 9_000);
        updates.failSomeFirstAttempts(receiver, "/ordered");

        try (RunningService nodeC = RunningService.start(store, settings)) {
            updates.send(List.of(nodeA.client(), nodeB.client(), nodeC.client()), orderedPath);
            List<OrderedUpdates.Delivered> delivered = updates.awaitDelivered(receiver, "/ordered", 60);

            assertThat(delivered).extracting(OrderedUpdates.Delivered::webhookId).doesNotHaveDuplicates()
                    .hasSize(updates.size());
            assertThat(updates.failedFirstAttempts()).as("first attempts failed on purpose").isPositive();
            OrderedUpdates.assertInOrderOrFlaggedStale(delivered);
        }
    }

    @Test
    void an_update_that_waits_on_one_node_is_sent_when_its_predecessor_settles_on_another_not_a_poll_later()
            throws Exception {
        // Nodes that poll the table every 30 s: only the notice that an ordered delivery waits, sent
        // to every node, makes the node settling the predecessor look for its successor at once.
        // Each node starts with its window open (it cannot know what it missed), for 2 s here.
        // Their own store and shop: installing the app again would revoke the other nodes' token.
        try (EmulatedShopify ownShop = EmulatedShopify.start(); TestStore own = TestStore.postgres()) {
            Map<String, String> slowPolls = new HashMap<>(settings);
            slowPolls.put("tributary.shopify.base-url", ownShop.baseUrlTemplate());
            slowPolls.put("tributary.delivery.poll-interval", "30s");
            slowPolls.put("tributary.delivery.ordered-wake-window", "2s");
            try (RunningService nodeC = RunningService.start(own, slowPolls);
                    RunningService nodeD = RunningService.start(own, slowPolls)) {
                createInstance(nodeC, Credentials.fromFile(own.dataDir().resolve("bootstrap-credentials")), ownShop,
                        "orders/updated", "/successor");
                String path = webhookPathOf(ownShop, "orders/updated");
                receiver.delay("/successor", Duration.ofMillis(500));
                Thread.sleep(3000); // the windows opened at start-up close

                assertThat(OrderedUpdates.post(nodeC.client(), path, 9_900, 1).status()).isEqualTo(200);
                receiver.await("/successor", received -> received.size() == 1, 10);
                // Stored on D while C's send of the first update is still waiting for its answer.
                assertThat(OrderedUpdates.post(nodeD.client(), path, 9_900, 2).status()).isEqualTo(200);

                List<Received> received = receiver.await("/successor", all -> all.size() == 2, 10);
                assertThat(received).as("the second update within 10 s of the first, not after a 30 s poll")
                        .hasSize(2);
                assertThat(received).extracting(r -> JSON.readTree(r.body()).get("message").get("triggeredAt")
                        .asString()).containsExactly("2026-12-03T10:00:01Z", "2026-12-03T10:00:02Z");
            }
        }
    }

    private Answer sendTo(RunningService node) {
        byte[] body = ("{\"id\": " + System.nanoTime() + ", \"updated_at\": \"2026-12-03T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
        return node.client().call("POST", webhookPath).header("Content-Type", "application/json")
                .header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Shop-Domain", "mystore.myshopify.com")
                .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .header("X-Shopify-Hmac-Sha256", ShopifyWebhooks.hmac(EmulatedShopify.CLIENT_SECRET, body))
                .body(HttpRequest.BodyPublishers.ofByteArray(body)).send();
    }
}
