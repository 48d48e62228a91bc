package dev.tributary.delivery;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tributary.events.NotificationBody;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.ShopifyWebhooks;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.RecordingReceiver.Received;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * From a signed webhook to a real receiver, on each storage engine, with the retry schedule scaled
 * down 50,000-fold: signatures, retries with a stable event id, policies, deactivation, leases.
 */
class DeliveryIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SIGNATURE_KEY = "MySecretEventSignatureKey";

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

    /** The whole 73-hour schedule in 5.2 s. */
    static final double SCALE = 0.00002;
    /** How long a shop/redact request may wait for its delivery before the shop is erased regardless. */
    static final Duration REDACT_DEADLINE = Duration.ofSeconds(3);

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenarios {

        TestStore store;
        EmulatedShopify shopify;
        RecordingReceiver receiver;
        RunningService service;
        ApiClient api;
        Credentials admin;
        JdbcClient jdbc;
        byte[] order;

        abstract TestStore newStore();

        @BeforeAll
        void start() throws Exception {
            store = newStore();
            shopify = EmulatedShopify.start();
            receiver = RecordingReceiver.start();
            service = RunningService.start(store, Map.of(
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.delivery.retry-time-scale", Double.toString(SCALE),
                    "tributary.delivery.poll-interval", "50ms",
                    "tributary.ingest.shop-redact-deadline", REDACT_DEADLINE.toMillis() + "ms",
                    // PostgreSQL means production mode, which refuses the loopback receiver unless allowed.
                    "tributary.callback.allow", RecordingReceiver.LOOPBACK_ALLOW));
            api = service.client();
            admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
            jdbc = JdbcClient.create(service.bean(DataSource.class));
            order = Files.readAllBytes(Path.of("src", "test", "resources", "fixtures", "shopify", "orders_create.json"));
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

        /** A fresh account with its own user and an instance whose callback goes to the receiver's {@code path}. */
        Setup setup(String path, String policy) {
            return setupAt(receiver.url(path), policy);
        }

        /** As {@link #setup}, with any callback URL. */
        Setup setupAt(String callbackUrl, String policy) {
            long account = api.post(API + "/accounts", "{\"name\": \"Delivery " + UUID.randomUUID() + "\"}").as(admin)
                    .send().json().get("id").asLong();
            Credentials user = new Credentials(api.post(API + "/accounts/" + account + "/users",
                    "{\"email\": \"u" + UUID.randomUUID() + "@example.com\"}").as(admin).send().json().get("secret").asString(),
                    admin.organization());
            if (policy != null) {
                api.patch(API + "/accounts/" + account + "/settings",
                        "{\"notification.webhook.failure.policy\": \"" + policy + "\"}").as(user).send();
            }
            Answer created = api.post(API + "/instances", """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.notification.enabled": true, "shopify.webhook.topics": "orders/create",
                       "event.notification.callback.url": "%s", "event.notification.signature.key": "%s"},
                     "name": "Delivery test", "tags": ["delivery"]}
                    """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET,
                    callbackUrl, SIGNATURE_KEY)).as(user).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            String key = shopify.subscriptions().stream()
                    .filter(s -> s.topic().equals("orders/create"))
                    .map(s -> s.address())
                    .reduce((first, second) -> second).orElseThrow();
            return new Setup(account, user, created.json().get("id").asLong(), key.substring(key.indexOf("/elements/api-v2/")));
        }

        record Setup(long accountId, Credentials user, long instanceId, String webhookPath) {
        }

        Answer webhook(Setup setup, byte[] body) {
            return api.call("POST", setup.webhookPath()).header("Content-Type", "application/json")
                    .header("X-Shopify-Topic", "orders/create")
                    .header("X-Shopify-Shop-Domain", "mystore.myshopify.com")
                    .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                    .header("X-Shopify-Hmac-Sha256", base64Hmac(EmulatedShopify.CLIENT_SECRET, body))
                    .body(HttpRequest.BodyPublishers.ofByteArray(body)).send();
        }

        String status(String eventId) {
            return jdbc.sql("SELECT status FROM deliveries WHERE event_id = :id").param("id", eventId).query(String.class).single();
        }

        static String base64Hmac(String key, byte[] message) {
            return ShopifyWebhooks.hmac(key, message);
        }

        @Test
        void a_webhook_reaches_the_callback_signed_with_the_exact_body_shape() throws Exception {
            Setup setup = setup("/signed", null);
            assertThat(webhook(setup, order).status()).isEqualTo(200);
            List<Received> got = receiver.await("/signed", r -> !r.isEmpty(), 10);
            assertThat(got).hasSize(1);
            Received notification = got.get(0);
            assertThat(notification.header("Content-Type")).isEqualTo("application/json");
            String eventId = notification.header("Elements-Event-Id");
            assertThat(eventId).isNotBlank();
            assertThat(notification.header("Elements-Webhook-Signature"))
                    .isEqualTo("sha256=" + base64Hmac(SIGNATURE_KEY, notification.body()));
            String timestamp = notification.header("webhook-timestamp");
            assertThat(notification.header("webhook-id")).isEqualTo(eventId);
            byte[] signed = (eventId + "." + timestamp + "." + new String(notification.body(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(notification.header("webhook-signature")).isEqualTo("v1," + base64Hmac(SIGNATURE_KEY, signed));

            JsonNode message = JSON.readTree(notification.body()).get("message");
            assertThat(message.get("eventId").asString()).isEqualTo(eventId);
            assertThat(message.get("accountId").asLong()).isEqualTo(setup.accountId());
            assertThat(message.get("instanceId").asLong()).isEqualTo(setup.instanceId());
            assertThat(message.get("topic").asString()).isEqualTo("orders/create");
            assertThat(message.get("events").get(0).get("objectType").asString()).isEqualTo("orders");
            assertThat(message.get("events").get(0).get("objectId").asString()).isEqualTo("450789469");
            assertThat(message.get("events").get(0).get("eventType").asString()).isEqualTo("CREATED");
            assertThat(message.get("raw")).isEqualTo(JSON.readTree(order));
            assertThat(waitForStatus(eventId, "delivered")).isEqualTo("delivered");
            // The body is stored once: the notification row keeps only its envelope, and puts the received body
            // back in when read, byte for byte (the deliveries API answers what the callback received).
            assertThat(jdbc.sql("SELECT length(body) FROM notifications WHERE event_id = :id").param("id", eventId)
                    .query(Long.class).single()).isLessThan(order.length);
            Answer listed = api.get(API + "/notifications/subscriptions/deliveries?where="
                    + java.net.URLEncoder.encode("eventId = '" + eventId + "'", StandardCharsets.UTF_8)).as(setup.user()).send();
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            assertThat(listed.json().get(0).get("payload")).isEqualTo(JSON.readTree(notification.body()));

            // A receiver using the Standard Webhooks library, and the seed's algorithm, accept it (and not a changed byte).
            Path recorded = Files.createTempFile("notification", ".json");
            Files.writeString(recorded, JSON.writeValueAsString(Map.of("headers", notification.headers(),
                    "bodyBase64", Base64.getEncoder().encodeToString(notification.body()))));
            dev.tributary.testing.NodeScripts.Run node = dev.tributary.testing.NodeScripts.run("verify-notification.mjs",
                    Map.of("NOTIFICATION_FILE", recorded.toString(), "SIGNATURE_KEY", SIGNATURE_KEY));
            assertThat(node.exitCode()).as(node.output()).isZero();
            assertThat(node.output()).contains("verified " + eventId);

            String metrics = api.get("/actuator/prometheus").send().body();
            assertThat(metrics).contains("tributary_ingest_webhooks_total{").contains("outcome=\"stored\"")
                    .contains("tributary_delivery_latency_seconds_count").contains("tributary_delivery_backlog{")
                    .contains("tributary_delivery_oldest_pending_seconds").contains("tributary_ingest_duration_seconds");
        }

        @Test
        void orders_and_customers_made_at_shopify_arrive_at_the_callback_end_to_end() throws Exception {
            Setup setup = setup("/end-to-end", null);
            api.patch(API + "/instances/" + setup.instanceId(),
                    "{\"configuration\": {\"shopify.webhook.topics\": \"orders/create, customers/update\"}}").as(setup.user()).send();
            var shop = shopify.shop();
            var order = (tools.jackson.databind.node.ObjectNode) JSON.readTree(this.order);
            long orderId = shopify.emulator().resources().create(shop, dev.tributary.emulator.ResourceType.ORDERS, order)
                    .get("id").asLong();
            long customerId = shopify.emulator().resources().create(shop, dev.tributary.emulator.ResourceType.CUSTOMERS,
                    JSON.createObjectNode().put("first_name", "Ada")).get("id").asLong();
            shopify.emulator().resources().update(shop, dev.tributary.emulator.ResourceType.CUSTOMERS, customerId,
                    JSON.createObjectNode().put("last_name", "Lovelace"));

            List<Received> got = receiver.await("/end-to-end", r -> r.size() >= 2, 15);
            assertThat(got).hasSize(2);
            Map<String, JsonNode> byTopic = new java.util.HashMap<>();
            for (Received notification : got) {
                JsonNode message = JSON.readTree(notification.body()).get("message");
                byTopic.put(message.get("topic").asString(), message);
                assertThat(notification.header("Elements-Webhook-Signature"))
                        .isEqualTo("sha256=" + base64Hmac(SIGNATURE_KEY, notification.body()));
            }
            JsonNode created = byTopic.get("orders/create");
            assertThat(created.get("events").get(0).get("objectId").asString()).isEqualTo(Long.toString(orderId));
            assertThat(created.get("events").get(0).get("eventType").asString()).isEqualTo("CREATED");
            assertThat(created.get("shopDomain").asString()).isEqualTo("mystore.myshopify.com");
            assertThat(created.get("webhookId").asString()).isNotBlank();
            JsonNode updated = byTopic.get("customers/update");
            assertThat(updated.get("events").get(0).get("objectType").asString()).isEqualTo("customers");
            assertThat(updated.get("events").get(0).get("objectId").asString()).isEqualTo(Long.toString(customerId));
            assertThat(updated.get("events").get(0).get("eventType").asString()).isEqualTo("UPDATED");
            assertThat(updated.get("raw").get("last_name").asString()).isEqualTo("Lovelace");
        }

        @Test
        void failures_are_retried_with_the_same_event_id_until_one_succeeds() throws Exception {
            Setup setup = setup("/flaky", null);
            receiver.script("/flaky", 500, 502, 503, 200);
            webhook(setup, order);
            List<Received> got = receiver.await("/flaky", r -> r.size() >= 4, 15);
            assertThat(got).hasSize(4);
            assertThat(got).extracting(r -> r.header("Elements-Event-Id")).containsOnly(got.get(0).header("Elements-Event-Id"));
            assertThat(got).extracting(r -> new String(r.body(), StandardCharsets.UTF_8)).containsOnly(new String(got.get(0).body(),
                    StandardCharsets.UTF_8));
            String eventId = got.get(0).header("Elements-Event-Id");
            assertThat(waitForStatus(eventId, "delivered")).isEqualTo("delivered");
            List<Long> attempted = jdbc.sql("SELECT a.attempted_at FROM delivery_attempts a JOIN deliveries d"
                    + " ON a.delivery_id = d.id WHERE d.event_id = :id ORDER BY a.id").param("id", eventId)
                    .query(Long.class).list();
            assertThat(attempted).hasSize(4);
            // Retry x is due at T + 4^x s, scaled, T the first attempt (LongOutageIntegrationTests times the whole schedule).
            for (int x = 1; x <= 3; x++) {
                assertThat(attempted.get(x) - attempted.get(0)).as("retry %d of %s", x, attempted)
                        .isGreaterThanOrEqualTo((long) (Math.pow(4, x) * 1000 * SCALE));
            }
        }

        @Test
        void the_queue_policy_queues_at_the_first_failure() throws Exception {
            Setup setup = setup("/queue-policy", "queue");
            receiver.script("/queue-policy", 500);
            webhook(setup, order);
            List<Received> got = receiver.await("/queue-policy", r -> !r.isEmpty(), 10);
            String eventId = got.get(0).header("Elements-Event-Id");
            assertThat(waitForStatus(eventId, "queued")).isEqualTo("queued");
            Thread.sleep(300);
            assertThat(receiver.received("/queue-policy")).hasSize(1);
        }

        @Test
        void gone_deactivates_the_subscription_and_later_notifications_are_queued_unsent() throws Exception {
            Setup setup = setup("/gone", null);
            receiver.script("/gone", 410);
            webhook(setup, order);
            String eventId = receiver.await("/gone", r -> !r.isEmpty(), 10).get(0).header("Elements-Event-Id");
            assertThat(waitForStatus(eventId, "queued")).isEqualTo("queued");
            assertThat(jdbc.sql("SELECT status FROM callback_subscriptions WHERE url = :url").param("url", receiver.url("/gone"))
                    .query(String.class).single()).isEqualTo("deactivated");

            webhook(setup, order);
            Thread.sleep(300);
            assertThat(receiver.received("/gone")).hasSize(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM deliveries WHERE url = :url AND status = 'queued'")
                    .param("url", receiver.url("/gone")).query(Long.class).single()).isEqualTo(2);
        }

        @Test
        void when_every_retry_fails_the_delivery_is_queued_and_the_subscription_deactivated() throws Exception {
            Setup setup = setup("/down", null);
            receiver.script("/down", 500);
            webhook(setup, order);
            // 1 + 9 attempts; the last is due 262,144 s x SCALE (5.2 s) after the first
            List<Received> got = receiver.await("/down", r -> r.size() >= 10, 20);
            assertThat(got).hasSize(10);
            String eventId = got.get(0).header("Elements-Event-Id");
            assertThat(waitForStatus(eventId, "queued")).isEqualTo("queued");
            Thread.sleep(300);
            assertThat(receiver.received("/down")).hasSize(10);
            assertThat(jdbc.sql("SELECT reason FROM callback_subscriptions WHERE url = :url").param("url", receiver.url("/down"))
                    .query(String.class).single()).contains("9 retries");
        }

        @Test
        void a_lease_that_ran_out_makes_the_delivery_due_again() throws Exception {
            Setup setup = setup("/lease", null);
            receiver.script("/lease", 200);
            webhook(setup, order);
            String eventId = receiver.await("/lease", r -> !r.isEmpty(), 10).get(0).header("Elements-Event-Id");
            waitForStatus(eventId, "delivered");
            // As if a node had claimed it again and died mid-send.
            jdbc.sql("UPDATE deliveries SET status = 'pending', lease_owner = 'dead-node', lease_until = :past,"
                    + " next_attempt_at = :past WHERE event_id = :id")
                    .param("past", System.currentTimeMillis() - 1000).param("id", eventId).update();
            service.bean(DeliverySignal.class).wake();
            assertThat(receiver.await("/lease", r -> r.size() >= 2, 10)).hasSize(2);
            assertThat(waitForStatus(eventId, "delivered")).isEqualTo("delivered");
        }

        @Test
        void a_stored_webhook_is_handed_to_the_senders_by_its_commit_without_a_claim() throws Exception {
            double handedBefore = dispatched("handoff");
            Setup setup = setup("/handed", null);
            receiver.script("/handed", 200);
            for (int i = 0; i < 5; i++) {
                // Five new orders: webhooks about one object would wait for each other, through the table.
                tools.jackson.databind.node.ObjectNode another = (tools.jackson.databind.node.ObjectNode) JSON.readTree(order);
                another.put("id", 820982911946154508L + i);
                assertThat(webhook(setup, JSON.writeValueAsBytes(another)).status()).isEqualTo(200);
            }
            List<Received> got = receiver.await("/handed", r -> r.size() >= 5, 10);
            assertThat(got).hasSize(5);
            for (Received notification : got) {
                assertThat(waitForStatus(notification.header("Elements-Event-Id"), "delivered")).isEqualTo("delivered");
            }
            assertThat(dispatched("handoff") - handedBefore).isEqualTo(5);
        }

        @Test
        void a_delivery_committed_but_never_handed_over_is_sent_once_after_its_lease() throws Exception {
            Setup setup = setup("/orphan", null);
            receiver.script("/orphan", 200);
            String eventId = UUID.randomUUID().toString();
            // Written leased to this node and committed, and then, as if the node died right there, never handed
            // over; its lease has 1.5 s left.
            Instant createdAt = Instant.now().minus(service.bean(DeliveryProperties.class).lease()).plusMillis(1500);
            Notifications notifications = service.bean(Notifications.class);
            Notifications.Handoffs handoffs = notifications.handoffs();
            service.bean(TransactionTemplate.class).executeWithoutResult(status -> {
                try (Notifications.Batch batch = notifications.batch(handoffs)) {
                    batch.record(List.of(new Notification(setup.accountId(), setup.instanceId(), "webhook",
                            "orders/create", "mystore.myshopify.com", null, createdAt, receiver.url("/orphan"),
                            new NotificationBody.Notification(eventId, List.of(new NotificationBody.Event("orders", "1",
                                    "CREATED", "orders/create", createdAt)), order), null)));
                }
            });
            try {
                assertThat(jdbc.sql("SELECT lease_owner FROM deliveries WHERE event_id = :id").param("id", eventId)
                        .query(String.class).single()).isNotNull();
                Thread.sleep(700);
                assertThat(receiver.received("/orphan")).as("not sent while its lease holds").isEmpty();
                assertThat(receiver.await("/orphan", r -> !r.isEmpty(), 10)).hasSize(1);
                assertThat(waitForStatus(eventId, "delivered")).isEqualTo("delivered");
                Thread.sleep(500);
                assertThat(receiver.received("/orphan")).hasSize(1);
            } finally {
                handoffs.abandoned();
            }
        }

        double dispatched(String via) {
            return service.bean(MeterRegistry.class).get("tributary.delivery.dispatched").tag("via", via).counter().count();
        }

        @Test
        void queued_deliveries_are_listed_and_redelivered_oldest_first_after_reactivation() throws Exception {
            Setup setup = setup("/comeback", null);
            receiver.script("/comeback", 410);
            webhook(setup, order);
            String firstEventId = receiver.await("/comeback", r -> !r.isEmpty(), 10).get(0).header("Elements-Event-Id");
            // Once the 410 has deactivated the subscription, later notifications are queued unsent.
            assertThat(waitForStatus(firstEventId, "queued")).isEqualTo("queued");
            // Enough of them that concurrent sends would overtake one another.
            for (int id = 2; id <= 30; id++) {
                webhook(setup, ("{\"id\": " + id + "}").getBytes(StandardCharsets.UTF_8));
            }
            String url = receiver.url("/comeback");
            String where = java.net.URLEncoder.encode("status = 'queued' and config.url = '" + url + "'", StandardCharsets.UTF_8);
            JsonNode queued = null;
            for (int i = 0; i < 100 && (queued == null || queued.size() < 30); i++) {
                queued = api.get(API + "/notifications/subscriptions/deliveries?where=" + where).as(setup.user()).send().json();
                Thread.sleep(20);
            }
            assertThat(queued).hasSize(30);
            JsonNode first = queued.get(0);
            assertThat(first.get("channel").asString()).isEqualTo("webhook");
            assertThat(first.get("config").get("url").asString()).isEqualTo(url);
            assertThat(first.get("instanceId").asLong()).isEqualTo(setup.instanceId());
            assertThat(first.get("attempts")).hasSize(1);
            assertThat(first.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(410);
            assertThat(first.get("payload").get("message").get("eventId").asString()).isEqualTo(first.get("eventId").asString());
            assertThat(queued.get(1).get("attempts")).isEmpty();

            JsonNode subscriptions = api.get(API + "/notifications/subscriptions").as(setup.user()).send().json();
            assertThat(subscriptions.get(0).get("status").asString()).isEqualTo("deactivated");
            assertThat(subscriptions.get(0).get("deactivationReason").asString()).contains("410");

            // Another account sees none of it.
            assertThat(api.get(API + "/notifications/subscriptions/deliveries?where=" + where).as(admin).send().json()).isEmpty();

            receiver.script("/comeback", 200);
            Answer put = api.call("PUT", API + "/notifications/subscriptions/deliveries?where=" + where).as(setup.user()).send();
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.json().get("count").asInt()).isEqualTo(30);
            List<Received> got = receiver.await("/comeback", r -> r.size() >= 31, 10);
            assertThat(got).hasSize(31);
            List<String> oldestFirst = new java.util.ArrayList<>();
            queued.forEach(delivery -> oldestFirst.add(delivery.get("eventId").asString()));
            assertThat(got.subList(1, 31)).extracting(r -> r.header("Elements-Event-Id")).containsExactlyElementsOf(oldestFirst);
            assertThat(api.get(API + "/notifications/subscriptions").as(setup.user()).send().json().get(0).get("status")
                    .asString()).isEqualTo("active");

            JsonNode events = api.get(API + "/instances/" + setup.instanceId() + "/events").as(setup.user()).send().json();
            assertThat(events).hasSize(30);
            assertThat(events.get(0).get("objectId").asString()).isEqualTo("30");
            assertThat(events.get(29).get("objectId").asString()).isEqualTo("450789469");
            assertThat(events.get(0).get("objectType").asString()).isEqualTo("orders");
            assertThat(api.get(API + "/instances/" + setup.instanceId() + "/events?pageSize=2").as(setup.user()).send()
                    .header("Elements-Next-Page-Token")).isNotBlank();
            assertThat(api.get(API + "/instances/" + setup.instanceId() + "/events?eventType=DELETED").as(setup.user()).send()
                    .json()).isEmpty();
            assertThat(api.get(API + "/instances/" + setup.instanceId() + "/events").as(admin).send().status()).isEqualTo(404);
        }

        @Test
        void a_new_callback_url_applies_to_undelivered_deliveries_and_deleting_cancels_them() throws Exception {
            Setup setup = setup("/old", "queue");
            receiver.script("/old", 500);
            webhook(setup, order);
            String eventId = receiver.await("/old", r -> !r.isEmpty(), 10).get(0).header("Elements-Event-Id");
            assertThat(waitForStatus(eventId, "queued")).isEqualTo("queued");

            Answer patched = api.patch(API + "/instances/" + setup.instanceId(),
                    "{\"configuration\": {\"event.notification.callback.url\": \"" + receiver.url("/new") + "\"}}")
                    .as(setup.user()).send();
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            String where = java.net.URLEncoder.encode("eventId = '" + eventId + "'", StandardCharsets.UTF_8);
            assertThat(api.call("PUT", API + "/notifications/subscriptions/deliveries?where=" + where).as(setup.user()).send()
                    .json().get("count").asInt()).isEqualTo(1);
            List<Received> got = receiver.await("/new", r -> !r.isEmpty(), 10);
            assertThat(got).extracting(r -> r.header("Elements-Event-Id")).containsExactly(eventId);

            receiver.script("/new", 500);
            webhook(setup, order);
            String second = receiver.await("/new", r -> r.size() >= 2, 10).get(1).header("Elements-Event-Id");
            assertThat(waitForStatus(second, "queued")).isEqualTo("queued");
            assertThat(api.call("DELETE", API + "/instances/" + setup.instanceId()).as(setup.user()).send().status())
                    .isEqualTo(200);
            assertThat(status(second)).isEqualTo("cancelled");
            assertThat(status(eventId)).isEqualTo("delivered");
        }

        @Test
        void shop_redact_is_delivered_and_then_the_shops_payloads_are_erased() throws Exception {
            Setup setup = setup("/redact", null);
            webhook(setup, order);
            String orderEvent = receiver.await("/redact", r -> !r.isEmpty(), 10).get(0).header("Elements-Event-Id");
            waitForStatus(orderEvent, "delivered");
            byte[] redact = "{\"shop_id\": 954889, \"shop_domain\": \"mystore.myshopify.com\"}".getBytes(StandardCharsets.UTF_8);
            Answer answer = api.call("POST", API + "/events/shopify").header("Content-Type", "application/json")
                    .header("X-Shopify-Topic", "shop/redact").header("X-Shopify-Shop-Domain", "mystore.myshopify.com")
                    .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                    .header("X-Shopify-Hmac-Sha256", base64Hmac(EmulatedShopify.CLIENT_SECRET, redact))
                    .body(HttpRequest.BodyPublishers.ofByteArray(redact)).send();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            List<Received> got = receiver.await("/redact", r -> r.size() >= 2, 10);
            JsonNode message = JSON.readTree(got.get(1).body()).get("message");
            assertThat(message.get("topic").asString()).isEqualTo("shop/redact");
            assertThat(message.get("raw").get("shop_domain").asString()).isEqualTo("mystore.myshopify.com");
            waitForStatus(got.get(1).header("Elements-Event-Id"), "delivered");
            long left = 0;
            for (int i = 0; i < 100; i++) {
                left = jdbc.sql("SELECT COUNT(*) FROM received_webhooks WHERE account_id = :a AND LENGTH(body) > 0")
                        .param("a", setup.accountId()).query(Long.class).single();
                if (left == 0) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(left).isZero();
            JsonNode listed = api.get(API + "/notifications/subscriptions/deliveries?where="
                    + java.net.URLEncoder.encode("eventId = '" + orderEvent + "'", StandardCharsets.UTF_8)).as(setup.user())
                    .send().json();
            assertThat(listed.get(0).get("payload").toString()).doesNotContain("bob.norman");
            // The redact request's own notification is kept whole, though the received body it was stored against is erased.
            JsonNode redactListed = api.get(API + "/notifications/subscriptions/deliveries?where="
                    + java.net.URLEncoder.encode("eventId = '" + got.get(1).header("Elements-Event-Id") + "'",
                            StandardCharsets.UTF_8)).as(setup.user()).send().json();
            assertThat(redactListed.get(0).get("payload")).isEqualTo(JSON.readTree(got.get(1).body()));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM notifications n JOIN received_webhooks r ON r.id = n.received_webhook_id"
                    + " WHERE n.account_id = :a AND n.raw_offset IS NOT NULL AND LENGTH(r.body) = 0")
                    .param("a", setup.accountId()).query(Long.class).single()).isZero();
        }

        @Test
        void a_shop_redact_that_cannot_be_delivered_still_erases_the_shop_by_its_deadline() throws Exception {
            Setup setup = setup("/redact-queued", "queue");
            receiver.script("/redact-queued", 500);
            webhook(setup, order);
            String orderEvent = receiver.await("/redact-queued", r -> !r.isEmpty(), 10).get(0).header("Elements-Event-Id");
            assertThat(waitForStatus(orderEvent, "queued")).isEqualTo("queued");
            byte[] redact = "{\"shop_id\": 954889, \"shop_domain\": \"mystore.myshopify.com\"}".getBytes(StandardCharsets.UTF_8);
            Answer answer = api.call("POST", API + "/events/shopify").header("Content-Type", "application/json")
                    .header("X-Shopify-Topic", "shop/redact").header("X-Shopify-Shop-Domain", "mystore.myshopify.com")
                    .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                    .header("X-Shopify-Hmac-Sha256", base64Hmac(EmulatedShopify.CLIENT_SECRET, redact))
                    .body(HttpRequest.BodyPublishers.ofByteArray(redact)).send();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            String redactEvent = receiver.await("/redact-queued", r -> r.size() >= 2, 10).get(1).header("Elements-Event-Id");
            assertThat(waitForStatus(redactEvent, "queued")).isEqualTo("queued");

            // Nothing will be delivered before the deadline, and the shop is erased all the same.
            long deadline = System.nanoTime() + REDACT_DEADLINE.multipliedBy(4).toNanos();
            long left;
            do {
                Thread.sleep(50);
                left = jdbc.sql("SELECT COUNT(*) FROM received_webhooks WHERE account_id = :a AND LENGTH(body) > 0")
                        .param("a", setup.accountId()).query(Long.class).single();
            } while (left > 0 && System.nanoTime() < deadline);
            assertThat(left).isZero();
            assertThat(payloadOf(setup, orderEvent)).isEqualTo("{\"message\":{\"redacted\":true}}");
            assertThat(payloadOf(setup, redactEvent)).contains("\"shop_domain\":\"mystore.myshopify.com\"");

            // When the callback is back, the redact request is still there to be delivered whole.
            receiver.script("/redact-queued", 200);
            Answer redelivered = api.call("PUT", API + "/notifications/subscriptions/deliveries?where="
                    + java.net.URLEncoder.encode("instanceId = " + setup.instanceId(), StandardCharsets.UTF_8))
                    .as(setup.user()).send();
            assertThat(redelivered.json().get("count").asInt()).isEqualTo(2);
            List<Received> got = receiver.await("/redact-queued", r -> r.size() >= 4, 10);
            assertThat(new String(got.get(2).body(), StandardCharsets.UTF_8)).isEqualTo("{\"message\":{\"redacted\":true}}");
            JsonNode message = JSON.readTree(got.get(3).body()).get("message");
            assertThat(message.get("topic").asString()).isEqualTo("shop/redact");
            assertThat(message.get("raw").get("shop_domain").asString()).isEqualTo("mystore.myshopify.com");
        }

        String payloadOf(Setup setup, String eventId) {
            return api.get(API + "/notifications/subscriptions/deliveries?where="
                    + java.net.URLEncoder.encode("eventId = '" + eventId + "'", StandardCharsets.UTF_8)).as(setup.user())
                    .send().json().get(0).get("payload").toString();
        }

        @Test
        void a_failed_attempt_says_why_in_the_api_the_log_and_the_metrics() throws Exception {
            ListAppender<ILoggingEvent> logged = listenTo("dev.tributary.delivery");
            int closed;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            Setup refused = setupAt("http://127.0.0.1:" + closed + "/hook", "queue");
            webhook(refused, order);
            String eventId = awaitEventOf(refused);
            assertThat(waitForStatus(eventId, "queued")).isEqualTo("queued");
            JsonNode attempt = api.get(API + "/notifications/subscriptions/deliveries?where="
                    + java.net.URLEncoder.encode("eventId = '" + eventId + "'", StandardCharsets.UTF_8)).as(refused.user())
                    .send().json().get(0).get("attempts").get(0);
            assertThat(attempt.get("error").asString()).isEqualTo("connection refused to 127.0.0.1:" + closed);
            assertThat(attempt.get("statusCode").isNull()).isTrue();
            assertThat(messages(logged)).contains("Delivery " + deliveryId(eventId) + " of event " + eventId + " (instance "
                    + refused.instanceId() + ") to 127.0.0.1:" + closed + " failed: connection refused to 127.0.0.1:" + closed
                    + "; queued: the account's failure policy is 'queue'");
            assertThat(api.get("/actuator/prometheus").send().body().lines()
                    .filter(line -> line.startsWith("tributary_delivery_attempts_total{"))
                    .filter(line -> line.contains("outcome=\"queued\"") && line.contains("reason=\"refused\"")))
                    .isNotEmpty();

            // A retry scheduled, a deactivation, and the redelivery that undoes it.
            Setup gone = setup("/gone-logged", null);
            receiver.script("/gone-logged", 503, 410);
            webhook(gone, order);
            String goneEvent = awaitEventOf(gone);
            assertThat(waitForStatus(goneEvent, "queued")).isEqualTo("queued");
            String host = "127.0.0.1:" + java.net.URI.create(receiver.url("/gone-logged")).getPort();
            assertThat(messages(logged)).anyMatch(line -> line.startsWith("Delivery " + deliveryId(goneEvent) + " of event "
                    + goneEvent) && line.contains("failed: HTTP 503; retry 1 of 9 at "));
            assertThat(messages(logged)).anyMatch(line -> line.contains("of event " + goneEvent)
                    && line.endsWith("failed: HTTP 410; queued: callback answered 410 Gone"));
            assertThat(messages(logged)).contains("Subscription of account " + gone.accountId() + " for " + host
                    + " deactivated: callback answered 410 Gone; its notifications are queued until redelivered"
                    + " (PUT /notifications/subscriptions/deliveries)");
            receiver.script("/gone-logged", 200);
            String where = "instanceId = " + gone.instanceId();
            api.call("PUT", API + "/notifications/subscriptions/deliveries?where="
                    + java.net.URLEncoder.encode(where, StandardCharsets.UTF_8)).as(gone.user()).send();
            assertThat(waitForStatus(goneEvent, "delivered")).isEqualTo("delivered");
            assertThat(messages(logged)).contains(
                    "Subscription of account " + gone.accountId() + " for " + host + " reactivated by a redelivery",
                    "Redelivery for account " + gone.accountId() + " where " + where
                            + ": 1 queued deliveries sent again, 1 subscription(s) reactivated");
            ((Logger) LoggerFactory.getLogger("dev.tributary.delivery")).detachAppender(logged);
        }

        static ListAppender<ILoggingEvent> listenTo(String loggerName) {
            ListAppender<ILoggingEvent> appender = new ListAppender<>();
            appender.start();
            ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
            return appender;
        }

        static List<String> messages(ListAppender<ILoggingEvent> appender) {
            synchronized (appender.list) {
                return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }
        }

        String awaitEventOf(Setup setup) throws InterruptedException {
            for (int i = 0; i < 200; i++) {
                List<String> events = jdbc.sql("SELECT event_id FROM deliveries WHERE instance_id = :id")
                        .param("id", setup.instanceId()).query(String.class).list();
                if (!events.isEmpty()) {
                    return events.get(0);
                }
                Thread.sleep(25);
            }
            throw new AssertionError("no delivery for instance " + setup.instanceId());
        }

        long deliveryId(String eventId) {
            return jdbc.sql("SELECT id FROM deliveries WHERE event_id = :id").param("id", eventId).query(Long.class).single();
        }

        @Test
        void a_malformed_where_is_a_400_that_points_at_the_bad_token() {
            Answer answer = api.get(API + "/notifications/subscriptions/deliveries?where="
                    + java.net.URLEncoder.encode("status = 'queued' or channel = 'webhook'", StandardCharsets.UTF_8)).as(admin).send();
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("message").asString()).contains("position 18").contains("or");
        }

        String waitForStatus(String eventId, String wanted) throws InterruptedException {
            String status = null;
            for (int i = 0; i < 200; i++) {
                status = status(eventId);
                if (status.equals(wanted)) {
                    return status;
                }
                Thread.sleep(25);
            }
            return status;
        }
    }
}
