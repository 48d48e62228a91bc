package dev.tributary.callbacks;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.ShopifyWebhooks;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Production mode against real loopback: internal callback addresses are refused when configured
 * (400, nothing stored, nothing subscribed) and again at send time, unless TRIBUTARY_CALLBACK_ALLOW
 * covers them. On SQLite production mode is asked for; PostgreSQL implies it.
 */
class CallbackSafetyIntegrationTests {

    /** Documentation address (TEST-NET-3): public as far as the policy goes, and never sent to here. */
    static final String PUBLIC_CALLBACK = "https://203.0.113.10/events";

    @Test
    void a_malformed_allow_list_stops_start_up_naming_the_entry() {
        try (TestStore store = TestStore.sqlite()) {
            assertThatThrownBy(() -> RunningService.start(store, Map.of("tributary.mode", "production",
                    "tributary.callback.allow", "127.0.0.0/8, 10.0.0.0/33")).close())
                    .rootCause().hasMessage("TRIBUTARY_CALLBACK_ALLOW is '127.0.0.0/8, 10.0.0.0/33': set "
                            + "TRIBUTARY_CALLBACK_ALLOW to comma-separated CIDRs such as 10.20.0.0/16,fd00:1::/64 "
                            + "('10.0.0.0/33' has a prefix length outside 0..32)");
        }
    }

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

        abstract TestStore newStore();

        @BeforeAll
        void start() {
            store = newStore();
            shopify = EmulatedShopify.start();
            receiver = RecordingReceiver.start();
        }

        @AfterAll
        void stop() {
            for (AutoCloseable closeable : new AutoCloseable[] {receiver, shopify, store}) {
                try {
                    if (closeable != null) {
                        closeable.close();
                    }
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }

        RunningService production(String allow) {
            Map<String, String> settings = new HashMap<>(Map.of(
                    "tributary.mode", "production",
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.delivery.retry-time-scale", "0.001",
                    "tributary.delivery.poll-interval", "50ms"));
            if (allow != null) {
                settings.put("tributary.callback.allow", allow);
            }
            return RunningService.start(store, settings);
        }

        Credentials admin() {
            return Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
        }

        static String instanceBody(String code, String callback) {
            return """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.notification.enabled": true, "shopify.webhook.topics": "orders/create",
                       "event.notification.callback.url": "%s"},
                     "name": "Callback safety %s"}
                    """.formatted(code, EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET, callback, UUID.randomUUID());
        }

        @Test
        void internal_callback_addresses_are_refused_when_configured_and_nothing_is_made() {
            try (RunningService service = production(null)) {
                ApiClient api = service.client();
                Credentials admin = admin();
                int instancesBefore = api.get(API + "/instances?pageSize=200").as(admin).send().json().size();
                int subscriptionsBefore = shopify.subscriptions().size();
                String code = shopify.authorizationCode();
                String hint = "; allow it with TRIBUTARY_CALLBACK_ALLOW";
                Map<String, String> refusals = Map.of(
                        receiver.url("/refused"), "resolves to loopback 127.0.0.1" + hint,
                        "http://10.0.0.5/x", "resolves to a private address 10.0.0.5" + hint,
                        "http://[::ffff:169.254.169.254]/latest/meta-data/", "resolves to the cloud metadata address 169.254.169.254" + hint,
                        "http://2130706433:8080/x", "resolves to loopback 127.0.0.1" + hint,
                        "http://metadata.google.internal/computeMetadata/v1/", "names the cloud metadata host metadata.google.internal",
                        "http://[fe80::1]/x", "resolves to a link-local address fe80:0:0:0:0:0:0:1" + hint,
                        "http://100.64.1.2/x", "resolves to a carrier-grade NAT address 100.64.1.2" + hint);
                refusals.forEach((callback, reason) -> {
                    Answer refused = api.post(API + "/instances", instanceBody(code, callback)).as(admin).send();
                    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
                    assertThat(refused.json().get("message").asString()).isEqualTo("callback URL " + callback + " " + reason);
                    assertThat(refused.json().get("requestId").asString()).isNotBlank();
                });
                Answer userInfo = api.post(API + "/instances", instanceBody(code, "https://user:pw@203.0.113.10/x")).as(admin).send();
                assertThat(userInfo.status()).isEqualTo(400);
                assertThat(userInfo.json().get("message").asString()).contains("user-info");

                assertThat(api.get(API + "/instances?pageSize=200").as(admin).send().json()).hasSize(instancesBefore);
                assertThat(shopify.subscriptions()).hasSize(subscriptionsBefore);
                // The single-use code was never taken to Shopify: it still connects the shop.
                Answer created = api.post(API + "/instances", instanceBody(code, PUBLIC_CALLBACK)).as(admin).send();
                assertThat(created.status()).as(created.toString()).isEqualTo(200);
                long id = created.json().get("id").asLong();
                int subscriptionsAfterCreate = shopify.subscriptions().size();

                // Changing an instance to an internal callback is refused just the same, also with a topic change.
                Answer patched = api.patch(API + "/instances/" + id, """
                        {"configuration": {"event.notification.callback.url": "http://192.168.1.20/hook",
                          "shopify.webhook.topics": "orders/create, products/update"}}""").as(admin).send();
                assertThat(patched.status()).as(patched.toString()).isEqualTo(400);
                assertThat(patched.json().get("message").asString()).isEqualTo("callback URL http://192.168.1.20/hook "
                        + "resolves to a private address 192.168.1.20; allow it with TRIBUTARY_CALLBACK_ALLOW");
                assertThat(shopify.subscriptions()).hasSize(subscriptionsAfterCreate);
                long callbackKey = 0;
                for (JsonNode entry : api.get(API + "/instances/" + id + "/configuration").as(admin).send().json()) {
                    if (entry.get("key").asString().equals("event.notification.callback.url")) {
                        callbackKey = entry.get("id").asLong();
                    }
                }
                Answer onlyKey = api.patch(API + "/instances/" + id + "/configuration/" + callbackKey,
                        "{\"propertyValue\": \"http://[::1]:9/x\"}").as(admin).send();
                assertThat(onlyKey.status()).as(onlyKey.toString()).isEqualTo(400);
                assertThat(onlyKey.json().get("message").asString()).contains("resolves to loopback 0:0:0:0:0:0:0:1");
                assertThat(api.get(API + "/instances/" + id).as(admin).send().json().get("configuration")
                        .get("event.notification.callback.url").asString()).isEqualTo(PUBLIC_CALLBACK);
                assertThat(api.call("DELETE", API + "/instances/" + id).as(admin).send().status()).isIn(200, 204);
            }
        }

        @Test
        void an_allowed_loopback_receiver_gets_notifications_and_is_refused_at_send_time_once_no_longer_allowed()
                throws Exception {
            String path = "/allowed-" + UUID.randomUUID();
            String webhookPath;
            try (RunningService allowing = production(RecordingReceiver.LOOPBACK_ALLOW)) {
                Answer created = allowing.client().post(API + "/instances",
                        instanceBody(shopify.authorizationCode(), receiver.url(path))).as(admin()).send();
                assertThat(created.status()).as(created.toString()).isEqualTo(200);
                String address = shopify.subscriptions().stream().filter(s -> s.topic().equals("orders/create"))
                        .map(s -> s.address()).reduce((first, second) -> second).orElseThrow();
                webhookPath = address.substring(address.indexOf("/elements/api-v2/"));
                assertThat(ShopifyWebhooks.postOrder(allowing.client(), webhookPath, "{\"id\": 1}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
                assertThat(receiver.await(path, r -> !r.isEmpty(), 10)).hasSize(1);
            }

            // The same store, restarted without the allow-list: the stored loopback callback is not called.
            try (RunningService strict = production(null)) {
                ApiClient api = strict.client();
                assertThat(ShopifyWebhooks.postOrder(api, webhookPath, "{\"id\": 2}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
                String where = java.net.URLEncoder.encode("config.url = '" + receiver.url(path) + "'", StandardCharsets.UTF_8);
                JsonNode refused = null;
                for (int i = 0; i < 200 && refused == null; i++) {
                    for (JsonNode delivery : api.get(API + "/notifications/subscriptions/deliveries?where=" + where)
                            .as(admin()).send().json()) {
                        if (!delivery.get("status").asString().equals("delivered") && delivery.get("attempts").size() >= 2) {
                            refused = delivery;
                        }
                    }
                    Thread.sleep(50);
                }
                assertThat(refused).as("a delivery with failed attempts").isNotNull();
                // Ordinary failed attempts: recorded with the reason and retried on the schedule.
                for (JsonNode attempt : refused.get("attempts")) {
                    assertThat(attempt.get("error").asString()).isEqualTo("refused: resolves to loopback 127.0.0.1");
                    assertThat(attempt.get("statusCode").isNull()).isTrue();
                }
                assertThat(receiver.received(path)).hasSize(1);
            }
        }
    }
}
