package dev.tributary.ingest;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import dev.tributary.events.NotificationBody;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.ShopifyWebhooks;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receiving Shopify's webhooks over real HTTP, signed as Shopify signs them, on each storage engine:
 * what is verified, stored once, ignored or refused, and that refused input stores nothing.
 */
class IngestIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

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
        RunningService service;
        ApiClient api;
        Credentials admin;
        JdbcClient jdbc;
        long instanceId;
        String webhookPath;
        byte[] order;

        abstract TestStore newStore();

        @BeforeAll
        void start() throws Exception {
            store = newStore();
            shopify = EmulatedShopify.start();
            // PostgreSQL means production mode, which refuses the loopback callback unless allowed.
            service = RunningService.start(store, Map.of("tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.callback.allow", RecordingReceiver.LOOPBACK_ALLOW));
            api = service.client();
            admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
            jdbc = JdbcClient.create(service.bean(DataSource.class));
            order = Files.readAllBytes(Path.of("src", "test", "resources", "fixtures", "shopify", "orders_create.json"));
            Answer created = api.post(API + "/instances", """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.notification.enabled": "true", "shopify.webhook.topics": "orders/create",
                       "event.notification.callback.url": "http://127.0.0.1:9/callback"},
                     "name": "Ingest test", "tags": ["ingest"]}
                    """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET))
                    .as(admin).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            instanceId = created.json().get("id").asLong();
            String address = shopify.subscriptions().get(0).address();
            webhookPath = address.substring(address.indexOf("/elements/api-v2/"));
        }

        @AfterAll
        void stop() {
            if (service != null) {
                service.close();
            }
            if (shopify != null) {
                shopify.close();
            }
            if (store != null) {
                store.close();
            }
        }

        Answer send(String path, String topic, byte[] body, String hmac, String webhookId) {
            ApiClient.Call call = api.call("POST", path).header("Content-Type", "application/json")
                    .header("X-Shopify-Topic", topic)
                    .header("X-Shopify-Shop-Domain", "mystore.myshopify.com")
                    .header("X-Shopify-API-Version", "2025-10")
                    .header("X-Shopify-Triggered-At", "2026-11-28T15:04:05.123Z")
                    .body(HttpRequest.BodyPublishers.ofByteArray(body));
            if (hmac != null) {
                call.header("X-Shopify-Hmac-Sha256", hmac);
            }
            if (webhookId != null) {
                call.header("X-Shopify-Webhook-Id", webhookId);
            }
            return call.send();
        }

        Answer sendSigned(String topic, byte[] body, String webhookId) {
            return send(webhookPath, topic, body, sign(body), webhookId);
        }

        static String sign(byte[] body) {
            return ShopifyWebhooks.hmac(EmulatedShopify.CLIENT_SECRET, body);
        }

        long received(String webhookId) {
            return jdbc.sql("SELECT COUNT(*) FROM received_webhooks WHERE webhook_id = :id").param("id", webhookId)
                    .query(Long.class).single();
        }

        long totalReceived() {
            return jdbc.sql("SELECT COUNT(*) FROM received_webhooks").query(Long.class).single();
        }

        @Test
        void a_signed_webhook_is_stored_with_its_notification_and_a_delivery_to_make() {
            String id = UUID.randomUUID().toString();
            Answer answer = sendSigned("orders/create", order, id);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().get("outcome").asString()).isEqualTo("stored");

            byte[] stored = jdbc.sql("SELECT body FROM received_webhooks WHERE webhook_id = :id").param("id", id)
                    .query(byte[].class).single();
            assertThat(stored).isEqualTo(order);
            // The body is stored once: the notification keeps its envelope and where the received body goes back in.
            Map<String, Object> row = jdbc.sql("SELECT n.body, n.raw_offset FROM notifications n JOIN received_webhooks r"
                    + " ON n.received_webhook_id = r.id WHERE r.webhook_id = :id").param("id", id).query().singleRow();
            byte[] envelope = (byte[]) row.get("body");
            assertThat(envelope.length).isLessThan(1000);
            byte[] notification = NotificationBody.assemble(envelope, ((Number) row.get("raw_offset")).intValue(), stored);
            JsonNode message = JSON.readTree(notification).get("message");
            assertThat(message.get("instanceId").asLong()).isEqualTo(instanceId);
            assertThat(message.get("instanceName").asString()).isEqualTo("Ingest test");
            assertThat(message.get("webhookId").asString()).isEqualTo(id);
            assertThat(message.get("events").get(0).get("objectId").asString()).isEqualTo("450789469");
            assertThat(message.get("raw")).isEqualTo(JSON.readTree(order));
            Map<String, Object> delivery = jdbc.sql("SELECT d.status, d.url, d.event_id FROM deliveries d"
                    + " JOIN notifications n ON d.notification_id = n.id JOIN received_webhooks r ON n.received_webhook_id = r.id"
                    + " WHERE r.webhook_id = :id").param("id", id).query().singleRow();
            // The worker may already have tried the (unreachable) callback once.
            assertThat(delivery.get("status")).isIn("pending", "retrying");
            assertThat(delivery.get("url")).isEqualTo("http://127.0.0.1:9/callback");
            assertThat(delivery.get("event_id")).isEqualTo(message.get("eventId").asString());
        }

        @Test
        void forged_missing_or_malformed_signatures_are_401_and_store_nothing() {
            long before = totalReceived();
            byte[] tampered = order.clone();
            tampered[10] ^= 1;
            String[] forged = {sign(tampered), null, "", "not base64 at all!", Base64.getEncoder().encodeToString(new byte[32]),
                    sign(order).substring(0, 20)};
            for (String hmac : forged) {
                Answer answer = send(webhookPath, "orders/create", order, hmac, UUID.randomUUID().toString());
                assertThat(answer.status()).as(String.valueOf(hmac)).isEqualTo(401);
                assertThat(answer.json().get("requestId").asString()).isNotBlank();
            }
            assertThat(send(webhookPath, "orders/create", tampered, sign(order), UUID.randomUUID().toString()).status())
                    .isEqualTo(401);
            assertThat(totalReceived()).isEqualTo(before);
        }

        @Test
        void a_repeated_webhook_id_is_acknowledged_and_stored_once() {
            String id = UUID.randomUUID().toString();
            assertThat(sendSigned("orders/create", order, id).json().get("outcome").asString()).isEqualTo("stored");
            Answer again = sendSigned("orders/create", order, id);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("outcome").asString()).isEqualTo("duplicate");
            assertThat(received(id)).isEqualTo(1);
        }

        @Test
        void concurrent_webhooks_are_each_stored_once_even_when_repeated() throws Exception {
            long before = totalReceived();
            String repeated = UUID.randomUUID().toString();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<Answer>> answers = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String id = i % 4 == 0 ? repeated : UUID.randomUUID().toString();
                    answers.add(pool.submit(() -> sendSigned("orders/create", order, id)));
                }
                int stored = 0;
                for (Future<Answer> answer : answers) {
                    assertThat(answer.get().status()).isEqualTo(200);
                    if (answer.get().json().get("outcome").asString().equals("stored")) {
                        stored++;
                    }
                }
                assertThat(stored).isEqualTo(151);
            } finally {
                pool.shutdown();
            }
            assertThat(received(repeated)).isEqualTo(1);
            assertThat(totalReceived() - before).isEqualTo(151);
        }

        @Test
        void a_topic_the_instance_did_not_subscribe_is_acknowledged_and_ignored() {
            long before = totalReceived();
            Answer answer = sendSigned("products/update", "{\"id\": 1}".getBytes(StandardCharsets.UTF_8),
                    UUID.randomUUID().toString());
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("outcome").asString()).isEqualTo("ignored");
            assertThat(totalReceived()).isEqualTo(before);
        }

        @Test
        void malformed_json_with_a_valid_signature_is_stored_raw() {
            String id = UUID.randomUUID().toString();
            byte[] broken = "{\"id\": 1, oops".getBytes(StandardCharsets.UTF_8);
            assertThat(sendSigned("orders/create", broken, id).json().get("outcome").asString()).isEqualTo("stored");
            byte[] notification = jdbc.sql("SELECT n.body FROM notifications n JOIN received_webhooks r"
                    + " ON n.received_webhook_id = r.id WHERE r.webhook_id = :id").param("id", id).query(byte[].class).single();
            JsonNode message = JSON.readTree(notification).get("message");
            assertThat(message.get("raw").asString()).isEqualTo("{\"id\": 1, oops");
            assertThat(message.get("events").get(0).get("objectId").isNull()).isTrue();
        }

        @Test
        void bad_requests_are_refused_in_the_error_format() {
            assertThat(send(webhookPath, "orders/create", order, sign(order), null).status()).isEqualTo(400);
            assertThat(send(webhookPath.substring(0, webhookPath.length() - 3) + "xyz", "orders/create", order, sign(order),
                    UUID.randomUUID().toString()).status()).isEqualTo(404);
            Answer traversal = api.get(API + "/events/shopify/../accounts/me").send();
            assertThat(traversal.status()).isEqualTo(401);
            byte[] huge = new byte[11 * 1024 * 1024];
            assertThat(send(webhookPath, "orders/create", huge, sign(huge), UUID.randomUUID().toString()).status())
                    .isEqualTo(413);
        }

        @Test
        void a_webhook_the_store_cannot_take_is_503_in_the_error_format_and_stored_when_shopify_sends_it_again() {
            String id = UUID.randomUUID().toString();
            jdbc.sql("ALTER TABLE received_webhooks RENAME TO received_webhooks_away").update();
            Answer refused;
            try {
                refused = sendSigned("orders/create", order, id);
            } finally {
                jdbc.sql("ALTER TABLE received_webhooks_away RENAME TO received_webhooks").update();
            }
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.json().get("message").asString()).isEqualTo("Webhook not stored; try again");
            assertThat(refused.json().get("requestId").asString()).isNotBlank();
            assertThat(received(id)).isZero();

            assertThat(sendSigned("orders/create", order, id).json().get("outcome").asString()).isEqualTo("stored");
            assertThat(received(id)).isEqualTo(1);
        }

        @Test
        void app_uninstalled_marks_the_instance_not_valid() {
            byte[] shop = "{\"id\": 1, \"domain\": \"mystore.myshopify.com\"}".getBytes(StandardCharsets.UTF_8);
            assertThat(sendSigned("app/uninstalled", shop, UUID.randomUUID().toString()).json().get("outcome").asString())
                    .isEqualTo("stored");
            assertThat(api.get(API + "/instances/" + instanceId).as(admin).send().json().get("valid").asBoolean()).isFalse();
        }

        @Test
        void compliance_topics_reach_the_shop_routed_address_when_the_app_secret_verifies() {
            byte[] redact = "{\"shop_id\": 954889, \"shop_domain\": \"mystore.myshopify.com\"}".getBytes(StandardCharsets.UTF_8);
            String id = UUID.randomUUID().toString();
            Answer answer = send(API + "/events/shopify", "shop/redact", redact, sign(redact), id);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(received(id)).isEqualTo(1);
            assertThat(send(API + "/events/shopify", "shop/redact", redact, sign("x".getBytes()), UUID.randomUUID().toString())
                    .status()).isEqualTo(401);
        }
    }
}
