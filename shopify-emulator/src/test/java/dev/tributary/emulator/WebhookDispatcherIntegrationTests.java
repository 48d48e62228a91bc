package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Webhooks out of the emulator to a real receiver, with Shopify's headers, HMAC and retries. */
class WebhookDispatcherIntegrationTests {

    private static final String SECRET = "shpss_dispatch_secret";

    private ShopifyEmulator emulator;
    private EmulatorTestClient client;
    private final WebhookReceiver receiver = new WebhookReceiver();

    /** 1 minute becomes 6 ms; the whole 4-hour schedule about 1.5 s. */
    private void start(EmulatorSettings settings) {
        emulator = ShopifyEmulator.start(settings);
        client = new EmulatorTestClient(emulator);
        client.createApp("app", SECRET);
        client.createShop("mystore");
        client.install("mystore", "app", "write_orders,write_customers,write_products");
    }

    private void start() {
        start(EmulatorSettings.defaults().withClockScale(0.0001));
    }

    private void subscribe(String topic, String path) {
        assertThat(client.post("/_emulator/shops/mystore/subscriptions",
                Map.of("clientId", "app", "topic", topic, "address", receiver.url(path))).status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
        receiver.close();
    }

    private static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_created_order_arrives_with_shopifys_headers_and_a_valid_hmac() throws Exception {
        start();
        subscribe("orders/create", "/orders");
        JsonNode order = client.post("/_emulator/shops/mystore/orders", Map.of("email", "bob@example.com")).json();
        List<WebhookReceiver.Received> got = receiver.await("/orders", r -> !r.isEmpty(), 5000);
        assertThat(got).hasSize(1);
        WebhookReceiver.Received webhook = got.get(0);
        assertThat(webhook.header("Content-Type")).isEqualTo("application/json");
        assertThat(webhook.header("X-Shopify-Topic")).isEqualTo("orders/create");
        assertThat(webhook.header("X-Shopify-Shop-Domain")).isEqualTo("mystore.myshopify.com");
        assertThat(webhook.header("X-Shopify-API-Version")).isEqualTo("2025-10");
        assertThat(webhook.header("X-Shopify-Webhook-Id")).isNotBlank();
        assertThat(webhook.header("X-Shopify-Event-Id")).isNotBlank();
        assertThat(Instant.parse(webhook.header("X-Shopify-Triggered-At"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(webhook.header("X-Shopify-Hmac-Sha256")).isEqualTo(hmac(webhook.body()));
        byte[] changed = webhook.body().clone();
        changed[5] ^= 1;
        assertThat(webhook.header("X-Shopify-Hmac-Sha256")).isNotEqualTo(hmac(changed));
        assertThat(EmulatorTestClient.JSON.readTree(webhook.body())).isEqualTo(order);
    }

    @Test
    void order_lifecycle_fires_its_topics_and_delete_carries_only_the_id() throws Exception {
        start();
        for (String topic : new String[] {"orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled", "orders/delete",
                "customers/create", "products/update"}) {
            subscribe(topic, "/" + topic.replace('/', '-'));
        }
        long id = client.post("/_emulator/shops/mystore/orders", Map.of()).json().get("id").asLong();
        client.post("/_emulator/shops/mystore/orders/" + id + "/pay", null);
        client.post("/_emulator/shops/mystore/orders/" + id + "/fulfill", null);
        client.post("/_emulator/shops/mystore/orders/" + id + "/cancel", null);
        client.delete("/_emulator/shops/mystore/orders/" + id);
        client.post("/_emulator/shops/mystore/customers", Map.of("first_name", "Ada"));
        long product = client.post("/_emulator/shops/mystore/products", Map.of("title", "Hat")).json().get("id").asLong();
        client.put("/_emulator/shops/mystore/products/" + product, Map.of("title", "Cap"));

        assertThat(receiver.await("/orders-updated", r -> r.size() >= 3, 5000)).hasSize(3);
        for (String path : new String[] {"/orders-paid", "/orders-cancelled", "/orders-fulfilled", "/customers-create",
                "/products-update"}) {
            assertThat(receiver.await(path, r -> !r.isEmpty(), 5000)).as(path).hasSize(1);
        }
        WebhookReceiver.Received deleted = receiver.await("/orders-delete", r -> !r.isEmpty(), 5000).get(0);
        assertThat(new String(deleted.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":" + id + "}");
        assertThat(EmulatorTestClient.JSON.readTree(receiver.received("/products-update").get(0).body()).get("title").asString())
                .isEqualTo("Cap");
    }

    @Test
    void failures_are_retried_with_the_same_webhook_id_on_a_growing_schedule() throws Exception {
        start(EmulatorSettings.defaults().withClockScale(0.001));
        subscribe("orders/create", "/flaky");
        receiver.script("/flaky", 500, 503, 404, 200);
        client.post("/_emulator/shops/mystore/orders", Map.of());
        List<WebhookReceiver.Received> got = receiver.await("/flaky", r -> r.size() >= 4, 10_000);
        assertThat(got).hasSize(4);
        assertThat(got).extracting(r -> r.header("X-Shopify-Webhook-Id")).containsOnly(got.get(0).header("X-Shopify-Webhook-Id"));
        assertThat(got).extracting(r -> r.header("X-Shopify-Event-Id")).containsOnly(got.get(0).header("X-Shopify-Event-Id"));
        // 1, 2 and 4 minutes at a scale of 0.001: 60, 120 and 240 ms
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isBetween(Duration.ofMillis(50), Duration.ofMillis(1000));
        assertThat(Duration.between(got.get(2).at(), got.get(3).at())).isGreaterThanOrEqualTo(Duration.ofMillis(220));
        Thread.sleep(300);
        assertThat(receiver.received("/flaky")).hasSize(4);
        assertThat(emulator.state().shop("mystore").orElseThrow().subscriptions()).hasSize(1);
        JsonNode log = client.get("/_emulator/deliveries?webhookId=" + got.get(0).header("X-Shopify-Webhook-Id")).json();
        assertThat(log).hasSize(4);
        assertThat(log.get(3).get("outcome").asString()).isEqualTo("delivered");
        assertThat(log.get(0).get("statusCode").asInt()).isEqualTo(500);
    }

    @Test
    void a_subscription_whose_retries_all_fail_is_deleted() throws Exception {
        start();
        subscribe("orders/create", "/down");
        receiver.script("/down", 500);
        client.post("/_emulator/shops/mystore/orders", Map.of());
        assertThat(receiver.await("/down", r -> r.size() >= 9, 10_000)).hasSize(9);
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline && !emulator.state().shop("mystore").orElseThrow().subscriptions().isEmpty()) {
            Thread.sleep(10);
        }
        assertThat(emulator.state().shop("mystore").orElseThrow().subscriptions()).isEmpty();
    }

    @Test
    void a_slow_answer_and_a_redirect_are_failures() throws Exception {
        start(EmulatorSettings.defaults().withClockScale(0.0001)
                .withWebhookTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));
        subscribe("orders/create", "/slow");
        subscribe("orders/create", "/redirect");
        receiver.hang("/slow", 1000);
        receiver.script("/redirect", 302);
        client.post("/_emulator/shops/mystore/orders", Map.of());
        assertThat(receiver.await("/redirect", r -> r.size() >= 2, 5000).size()).isGreaterThanOrEqualTo(2);
        assertThat(receiver.received("/elsewhere")).isEmpty();
        assertThat(receiver.await("/slow", r -> r.size() >= 2, 5000).size()).isGreaterThanOrEqualTo(2);
        JsonNode slow = client.get("/_emulator/deliveries?address=" + receiver.url("/slow")).json();
        assertThat(slow.get(0).get("error").asString()).containsIgnoringCase("timed out");
    }

    @Test
    void app_uninstalled_reaches_only_that_app_and_compliance_topics_go_to_the_app_settings_address() throws Exception {
        start();
        client.post("/_emulator/apps", Map.of("clientId", "other", "clientSecret", "other-secret",
                "complianceUrl", receiver.url("/compliance")));
        client.install("mystore", "other", "read_orders");
        subscribe("app/uninstalled", "/mine");
        assertThat(client.post("/_emulator/shops/mystore/subscriptions",
                Map.of("clientId", "other", "topic", "app/uninstalled", "address", receiver.url("/theirs"))).status())
                .isEqualTo(201);
        client.delete("/_emulator/shops/mystore/installations/app");
        assertThat(receiver.await("/mine", r -> !r.isEmpty(), 5000)).hasSize(1);
        Thread.sleep(100);
        assertThat(receiver.received("/theirs")).isEmpty();

        assertThat(client.post("/_emulator/shops/mystore/compliance", Map.of("clientId", "other", "topic", "shop/redact"))
                .status()).isEqualTo(202);
        WebhookReceiver.Received redact = receiver.await("/compliance", r -> !r.isEmpty(), 5000).get(0);
        assertThat(redact.header("X-Shopify-Topic")).isEqualTo("shop/redact");
        assertThat(EmulatorTestClient.JSON.readTree(redact.body()).get("shop_domain").asString()).isEqualTo("mystore.myshopify.com");
    }

    @Test
    void faults_make_an_address_look_failing_or_slow() throws Exception {
        start();
        subscribe("orders/create", "/faulty");
        assertThat(client.post("/_emulator/faults", Map.of("address", receiver.url("/faulty"), "mode", "fail", "times", 2,
                "status", 503)).status()).isEqualTo(201);
        client.post("/_emulator/shops/mystore/orders", Map.of());
        assertThat(receiver.await("/faulty", r -> !r.isEmpty(), 5000)).hasSize(1);
        // The log gets the third attempt once its answer is back, a moment after the receiver saw it.
        JsonNode log = client.get("/_emulator/deliveries?topic=orders/create").json();
        for (int i = 0; i < 200 && log.size() < 3; i++) {
            Thread.sleep(10);
            log = client.get("/_emulator/deliveries?topic=orders/create").json();
        }
        assertThat(log).hasSize(3);
        assertThat(log.get(0).get("statusCode").asInt()).isEqualTo(503);
        assertThat(client.post("/_emulator/faults", Map.of("address", "x", "mode", "explode")).status()).isEqualTo(400);
        assertThat(client.delete("/_emulator/faults").status()).isEqualTo(200);
    }

    @Test
    void a_lossy_address_silently_misses_a_seeded_share_of_its_webhooks() throws Exception {
        start();
        subscribe("orders/create", "/lossy");
        assertThat(client.post("/_emulator/faults", Map.of("address", receiver.url("/lossy"), "mode", "lose",
                "rate", 0.25, "seed", 7)).status()).isEqualTo(201);
        for (int i = 0; i < 40; i++) {
            client.post("/_emulator/shops/mystore/orders", Map.of());
        }
        JsonNode log = client.get("/_emulator/deliveries?topic=orders/create").json();
        for (int i = 0; i < 500 && log.size() < 40; i++) {
            Thread.sleep(10);
            log = client.get("/_emulator/deliveries?topic=orders/create").json();
        }
        long lost = log.valueStream().filter(entry -> entry.get("outcome").asString().equals("lost")).count();
        assertThat(lost).isBetween(3L, 20L);
        assertThat(receiver.await("/lossy", r -> r.size() >= 40 - lost, 5000)).hasSize((int) (40 - lost));
        Thread.sleep(100);
        // Lost means never retried either.
        assertThat(receiver.received("/lossy")).hasSize((int) (40 - lost));
        assertThat(client.post("/_emulator/faults", Map.of("address", "x", "mode", "lose", "rate", 2)).status())
                .isEqualTo(400);
    }

    @Test
    void shopify_can_remove_a_subscription_without_telling_the_app() throws Exception {
        start();
        subscribe("orders/create", "/removed");
        long id = emulator.state().shop("mystore").orElseThrow().subscriptions().keySet().iterator().next();
        assertThat(client.delete("/_emulator/shops/mystore/subscriptions/" + id).status()).isEqualTo(200);
        assertThat(emulator.state().shop("mystore").orElseThrow().subscriptions()).isEmpty();
        assertThat(client.delete("/_emulator/shops/mystore/subscriptions/" + id).status()).isEqualTo(404);
        client.post("/_emulator/shops/mystore/orders", Map.of());
        Thread.sleep(200);
        assertThat(receiver.received("/removed")).isEmpty();
    }

    @Test
    void many_webhooks_go_out_without_waiting_for_each_other() throws Exception {
        start();
        subscribe("orders/create", "/slowpoke");
        subscribe("orders/create", "/fast");
        receiver.hang("/slowpoke", 2000);
        for (int i = 0; i < 20; i++) {
            client.post("/_emulator/shops/mystore/orders", Map.of());
        }
        assertThat(receiver.await("/fast", r -> r.size() >= 20, 1500)).hasSize(20);
    }
}
