package dev.tributary.delivery;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.RecordingReceiver.Received;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.ShopifyWebhooks;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A callback host that takes 5 s to answer holds only its own share of the sending slots: on each
 * storage engine, notifications to another host keep arriving at once while the slow host's are
 * still waiting for their answers, and the slow host still gets all of its own.
 */
class SlowCallbackHostIntegrationTests {

    /**
     * Sending slots in all and per callback host. A host's sends in flight plus those waiting for
     * it (as many again, but never past half of all slots) hold slots: the slow host holds 8 of 16 here.
     */
    static final int CONCURRENCY = 16;
    static final int PER_HOST = 4;
    static final Duration SLOW_ANSWER = Duration.ofSeconds(5);
    /** Well under the slow answer: a fast host's notification that waited for a slow one would miss it. */
    static final Duration FAST_WITHIN = Duration.ofSeconds(2);
    /** Per host: twice the per-host share, so the slow host has sends in flight and sends waiting for it. */
    static final int WEBHOOKS = 8;
    static final String PATH = "/callback";

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
        // Two receivers, two ports: two callback hosts, as the per-host limit counts them (host and port).
        RecordingReceiver slowHost;
        RecordingReceiver fastHost;
        RunningService service;
        ApiClient api;
        Credentials admin;
        JdbcClient jdbc;

        abstract TestStore newStore();

        @BeforeAll
        void start() {
            store = newStore();
            shopify = EmulatedShopify.start();
            slowHost = RecordingReceiver.start();
            fastHost = RecordingReceiver.start();
            service = RunningService.start(store, Map.of(
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.delivery.concurrency", Integer.toString(CONCURRENCY),
                    "tributary.delivery.per-host-concurrency", Integer.toString(PER_HOST),
                    // PostgreSQL means production mode, which refuses the loopback receivers unless allowed.
                    "tributary.callback.allow", RecordingReceiver.LOOPBACK_ALLOW));
            api = service.client();
            admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
            jdbc = JdbcClient.create(service.bean(DataSource.class));
        }

        @AfterAll
        void stop() {
            for (AutoCloseable closeable : new AutoCloseable[] {service, slowHost, fastHost, shopify, store}) {
                try {
                    if (closeable != null) {
                        closeable.close();
                    }
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }

        @Test
        void notifications_to_other_hosts_arrive_at_once_while_a_slow_host_keeps_its_own_waiting() throws Exception {
            slowHost.delay(PATH, SLOW_ANSWER);
            Instance slow = instanceCallingBack(slowHost.url(PATH));
            Instance fast = instanceCallingBack(fastHost.url(PATH));

            for (int i = 1; i <= WEBHOOKS; i++) {
                assertThat(webhook(slow, i).status()).isEqualTo(200);
            }
            // The slow host now holds its share: sends in flight, waiting for its answers.
            assertThat(slowHost.await(PATH, r -> r.size() >= PER_HOST, 10)).hasSize(PER_HOST);

            Instant sent = Instant.now();
            for (int i = 1; i <= WEBHOOKS; i++) {
                assertThat(webhook(fast, i).status()).isEqualTo(200);
            }
            // Waits far longer than allowed, so a failure says how late they came.
            List<Received> arrived = fastHost.await(PATH, r -> r.size() >= WEBHOOKS, 30);
            assertThat(arrived).hasSize(WEBHOOKS);
            Instant last = arrived.stream().map(Received::at).max(Comparator.naturalOrder()).orElseThrow();
            assertThat(Duration.between(sent, last))
                    .as("time from posting the fast host's webhooks until its last notification arrived")
                    .isLessThanOrEqualTo(FAST_WITHIN);
            assertThat(awaitDelivered(fast, WEBHOOKS, FAST_WITHIN)).isEqualTo(WEBHOOKS);
            // Meanwhile the slow host has answered none: the fast host's notifications did not wait for it.
            assertThat(delivered(slow)).isZero();

            // The slow host gets every one of its notifications too, each once, PER_HOST at a time.
            List<Received> slowArrived = slowHost.await(PATH, r -> r.size() >= WEBHOOKS, 30);
            assertThat(slowArrived).hasSize(WEBHOOKS);
            assertThat(slowArrived.stream().map(r -> r.header("Elements-Event-Id")).distinct()).hasSize(WEBHOOKS);
            assertThat(awaitDelivered(slow, WEBHOOKS, Duration.ofSeconds(30))).isEqualTo(WEBHOOKS);
            assertThat(slowHost.received(PATH)).hasSize(WEBHOOKS);
        }

        record Instance(long id, String webhookPath) {
        }

        /** A fresh account and user with a Shopify instance whose notifications go to {@code callbackUrl}. */
        Instance instanceCallingBack(String callbackUrl) {
            long account = api.post(API + "/accounts", "{\"name\": \"Slow host " + UUID.randomUUID() + "\"}").as(admin)
                    .send().json().get("id").asLong();
            Credentials user = new Credentials(api.post(API + "/accounts/" + account + "/users",
                    "{\"email\": \"u" + UUID.randomUUID() + "@example.com\"}").as(admin).send().json().get("secret").asString(),
                    admin.organization());
            Answer created = api.post(API + "/instances", """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.notification.enabled": true, "shopify.webhook.topics": "orders/create",
                       "event.notification.callback.url": "%s"},
                     "name": "Slow host test", "tags": ["delivery"]}
                    """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET,
                    callbackUrl)).as(user).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            // The instance just created holds the shop's newest orders/create subscription.
            String address = shopify.subscriptions().stream()
                    .filter(s -> s.topic().equals("orders/create"))
                    .map(s -> s.address())
                    .reduce((first, second) -> second).orElseThrow();
            return new Instance(created.json().get("id").asLong(), address.substring(address.indexOf(API + "/")));
        }

        /** An orders/create webhook for order {@code id}, as Shopify signs it. */
        Answer webhook(Instance instance, int id) {
            return ShopifyWebhooks.postOrder(api, instance.webhookPath(),
                    ("{\"id\": " + id + "}").getBytes(StandardCharsets.UTF_8));
        }

        long delivered(Instance instance) {
            return jdbc.sql("SELECT COUNT(*) FROM deliveries WHERE instance_id = :id AND status = 'delivered'")
                    .param("id", instance.id()).query(Long.class).single();
        }

        long awaitDelivered(Instance instance, int count, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (delivered(instance) < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            return delivered(instance);
        }
    }
}
