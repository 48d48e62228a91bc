package dev.tributary.drills;

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
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.CapturedOutput;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.ShopifyWebhooks;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drill: a corpus of hostile requests against every endpoint family, each with the exact status
 * it must get, the error format of SPEC 2.2 for every refusal, and nothing changed in the store;
 * then the server must still be healthy and still ingest and deliver a normal webhook.
 */
class HostileInputIntegrationTests {

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

    /** One hostile request: what it is, how to send it, the status it must get, and anything more to check. */
    record Hostile(String name, Supplier<Answer> request, int status, Consumer<Answer> check) {
    }

    /** The tables whose rows a refused request must not change. */
    static final List<String> TABLES = List.of("accounts", "users", "account_settings", "instances", "instance_tags",
            "instance_configuration", "instance_webhooks", "instance_cleanup_failures", "received_webhooks",
            "notifications", "deliveries", "delivery_attempts", "callback_subscriptions");

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SQL_OR = "' OR 1=1 --";
    static final String SQL_DROP = "\"; DROP TABLE deliveries; --";
    static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE};
    /** The master key of the drill's store, so the log can be searched for it. */
    static final String MASTER_KEY = Base64.getEncoder().encodeToString("hostile-drill-master-key-32bytes".getBytes());
    static final String SIGNATURE_KEY = "HostileDrillSignatureKey";
    /** Put after a CR LF in request values: a log line starting with it would be a forged one. */
    static final String FORGED = "FORGED-LINE";

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    abstract static class Scenarios {

        TestStore store;
        EmulatedShopify shopify;
        RecordingReceiver receiver;
        RunningService service;
        CapturedOutput output;
        String instanceToken;
        ApiClient api;
        RawHttp raw;
        Credentials admin;
        JdbcClient jdbc;
        long accountId;
        long instanceId;
        long configurationId;
        String webhookPath;
        String replayedWebhookId;
        byte[] order;

        abstract TestStore newStore();

        @BeforeAll
        void start() throws Exception {
            store = newStore();
            shopify = EmulatedShopify.start();
            receiver = RecordingReceiver.start();
            // The whole log of the run, from before the service starts: no secret may ever appear in it.
            output = CapturedOutput.start();
            service = RunningService.start(store, Map.of(
                    "tributary.master-key", MASTER_KEY,
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.delivery.poll-interval", "50ms",
                    // PostgreSQL means production mode, which refuses the loopback receiver unless allowed.
                    "tributary.callback.allow", RecordingReceiver.LOOPBACK_ALLOW,
                    // A stalled body must be given up on; short here so the drill stays fast.
                    "server.tomcat.connection-timeout", "2s",
                    // A body that trickles in must be given up on too; every large body here declares its length.
                    "tributary.http.body-read-timeout", "3s"));
            api = service.client();
            raw = new RawHttp(service.baseUrl());
            admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
            // The first request after start: both secrets with a stray control character. Tomcat refuses the
            // header itself, and used to quote the whole line in its log.
            assertThat(raw.send("GET " + API + "/accounts/me HTTP/1.1\r\nAuthorization: User " + admin.user()
                    + "\u0007, Organization " + admin.organization(), new byte[0]).status()).isEqualTo(400);
            jdbc = JdbcClient.create(service.bean(DataSource.class));
            order = Files.readAllBytes(Path.of("src", "test", "resources", "fixtures", "shopify", "orders_create.json"));
            accountId = api.get(API + "/accounts/me").as(admin).send().json().get("id").asLong();
            Answer created = api.post(API + "/instances", """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.notification.enabled": "true", "shopify.webhook.topics": "orders/create",
                       "event.notification.callback.url": "%s", "event.notification.signature.key": "%s"},
                     "name": "Hostile drill", "tags": ["drill"]}
                    """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET,
                    receiver.url("/hostile"), SIGNATURE_KEY)).as(admin).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            instanceId = created.json().get("id").asLong();
            instanceToken = created.json().get("token").asString();
            configurationId = api.get(API + "/instances/" + instanceId + "/configuration").as(admin).send().json()
                    .valueStream().filter(e -> e.get("key").asString().equals("shopify.webhook.topics"))
                    .findFirst().orElseThrow().get("id").asLong();
            String address = shopify.subscriptions().get(0).address();
            webhookPath = address.substring(address.indexOf("/elements/api-v2/"));
            replayedWebhookId = UUID.randomUUID().toString();
            assertThat(webhook(webhookPath, order, sign(order), replayedWebhookId).json().get("outcome").asString())
                    .isEqualTo("stored");
            assertThat(receiver.await("/hostile", r -> r.size() == 1, 10)).hasSize(1);
            awaitSettled();
        }

        @AfterAll
        void stop() {
            for (AutoCloseable closeable : new AutoCloseable[] {service, output, receiver, shopify, store}) {
                try {
                    if (closeable != null) {
                        closeable.close();
                    }
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }

        boolean sandbox() {
            return store.engine().equals("sqlite");
        }

        @TestFactory
        @Order(1)
        Stream<DynamicTest> every_hostile_request_gets_its_exact_answer_and_changes_nothing() {
            return corpus().stream().map(hostile -> DynamicTest.dynamicTest(hostile.name(), () -> {
                String before = snapshot();
                Answer answer = hostile.request().get();
                assertThat(answer.status()).as("%s: %s", hostile.name(), answer).isEqualTo(hostile.status());
                if (hostile.status() >= 400) {
                    assertErrorFormat(answer);
                }
                hostile.check().accept(answer);
                assertThat(snapshot()).as(hostile.name()).isEqualTo(before);
            }));
        }

        @Test
        @Order(1)
        void the_corpus_is_at_least_fifty_requests_over_every_endpoint_family() {
            List<Hostile> corpus = corpus();
            assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
            assertThat(corpus.stream().map(h -> h.name().substring(0, h.name().indexOf(':'))).distinct())
                    .contains("ingest", "accounts", "users", "settings", "elements", "instances", "configuration",
                            "events", "deliveries", "redeliver", "subscriptions", "auth", "http", "log", "urls");
        }

        @Test
        @Order(1)
        void a_stalled_body_is_given_up_on_in_bounded_time_and_stores_nothing() throws Exception {
            String before = snapshot();
            byte[] half = "{\"name\": \"slow".getBytes(StandardCharsets.UTF_8);
            long started = System.nanoTime();
            // Both at once: each waits out the server's read timeout.
            java.util.concurrent.CompletableFuture<Answer> account = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    raw.stall("POST " + API + "/accounts HTTP/1.1\r\nContent-Type: application/json\r\n"
                            + "Authorization: " + ApiClient.authorization(admin), 1000, half, 15));
            java.util.concurrent.CompletableFuture<Answer> ingest = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    raw.stall("POST " + webhookPath + " HTTP/1.1\r\nContent-Type: application/json\r\n"
                            + "X-Shopify-Topic: orders/create\r\nX-Shopify-Webhook-Id: " + UUID.randomUUID()
                            + "\r\nX-Shopify-Hmac-Sha256: " + sign(order), order.length, java.util.Arrays.copyOf(order, 100), 15));
            for (Answer answer : List.of(account.get(), ingest.get())) {
                assertThat(answer).isNotNull();
                assertThat(answer.status()).as(answer.toString()).isEqualTo(408);
                assertErrorFormat(answer);
            }
            assertThat((System.nanoTime() - started) / 1_000_000_000L).isLessThan(15);
            assertThat(snapshot()).isEqualTo(before);
        }

        @Test
        @Order(1)
        void a_body_that_trickles_in_is_given_up_on_and_stores_nothing() throws Exception {
            String before = snapshot();
            long started = System.nanoTime();
            java.util.concurrent.CompletableFuture<Answer> account = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    raw.trickle("POST " + API + "/accounts HTTP/1.1\r\nContent-Type: application/json\r\n"
                            + "Authorization: " + ApiClient.authorization(admin),
                            ("{\"name\": \"" + "t".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8), 200, 15));
            java.util.concurrent.CompletableFuture<Answer> ingest = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    raw.trickle("POST " + webhookPath + " HTTP/1.1\r\nContent-Type: application/json\r\n"
                            + "X-Shopify-Topic: orders/create\r\nX-Shopify-Webhook-Id: " + UUID.randomUUID()
                            + "\r\nX-Shopify-Hmac-Sha256: " + sign(order), order, 200, 15));
            for (Answer answer : List.of(account.get(), ingest.get())) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(408);
                assertErrorFormat(answer);
                assertThat(answer.json().get("message").asString()).isEqualTo("Request body took too long to arrive");
            }
            assertThat((System.nanoTime() - started) / 1_000_000_000L).isLessThan(15);
            assertThat(snapshot()).isEqualTo(before);
        }

        @Test
        @Order(1)
        void sql_looking_text_where_text_is_allowed_is_kept_as_text() throws Exception {
            Answer account = api.post(API + "/accounts", ApiClient.json(Map.of("name", SQL_DROP, "externalId", SQL_OR)))
                    .as(admin).send();
            assertThat(account.status()).as(account.toString()).isEqualTo(200);
            long id = account.json().get("id").asLong();
            JsonNode stored = api.get(API + "/accounts/" + id).as(admin).send().json();
            assertThat(stored.get("name").asString()).isEqualTo(SQL_DROP);
            assertThat(stored.get("externalId").asString()).isEqualTo(SQL_OR);
            assertThat(count("deliveries")).isPositive();

            String webhookId = SQL_OR + UUID.randomUUID();
            Answer ingested = webhook(webhookPath, order, sign(order), webhookId);
            assertThat(ingested.json().get("outcome").asString()).isEqualTo("stored");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM received_webhooks WHERE webhook_id = :id").param("id", webhookId)
                    .query(Long.class).single()).isEqualTo(1);
            awaitSettled();
        }

        @Test
        @Order(1)
        void a_signed_but_absurd_body_is_stored_as_text_without_harm() throws Exception {
            byte[] bomb = "[".repeat(100_000).getBytes(StandardCharsets.UTF_8);
            String id = UUID.randomUUID().toString();
            Answer answer = webhook(webhookPath, bomb, sign(bomb), id);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().get("outcome").asString()).isEqualTo("stored");
            byte[] notification = jdbc.sql("SELECT n.body FROM notifications n JOIN received_webhooks r"
                    + " ON n.received_webhook_id = r.id WHERE r.webhook_id = :id").param("id", id).query(byte[].class).single();
            assertThat(new String(notification, StandardCharsets.UTF_8)).contains("\"raw\":\"[[[[");
            awaitSettled();
        }

        @Test
        @Order(2)
        void after_the_corpus_the_server_is_healthy_and_still_ingests_and_delivers() throws Exception {
            assertThat(api.get("/actuator/health").send().status()).isEqualTo(200);
            int before = receiver.received("/hostile").size();
            String id = UUID.randomUUID().toString();
            Answer answer = webhook(webhookPath, order, sign(order), id);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().get("outcome").asString()).isEqualTo("stored");
            List<RecordingReceiver.Received> received = receiver.await("/hostile", r -> r.size() > before, 10);
            assertThat(received).hasSizeGreaterThan(before);
            JsonNode message = JSON.readTree(received.get(received.size() - 1).body()).get("message");
            assertThat(message.get("webhookId").asString()).isEqualTo(id);
            assertThat(message.get("instanceId").asLong()).isEqualTo(instanceId);
        }

        @Test
        @Order(3)
        void no_secret_of_the_run_ever_reaches_the_log_and_no_request_forges_a_line() {
            String instanceKey = webhookPath.substring(webhookPath.lastIndexOf('/') + 1);
            String accessToken = shopify.shop().installation(EmulatedShopify.CLIENT_ID).orElseThrow().accessToken();
            Map<String, String> secrets = Map.of("user secret", admin.user(), "organization secret", admin.organization(),
                    "master key", MASTER_KEY, "app secret", EmulatedShopify.CLIENT_SECRET, "access token", accessToken,
                    "instance token", instanceToken, "signature key", SIGNATURE_KEY, "instance key", instanceKey);
            String log = output.text();
            // The run did log: requests, refusals, the instance's webhook address by its fingerprint.
            assertThat(log).contains("dev.tributary.access").contains("Refused GET " + API + "/accounts/me")
                    .contains(dev.tributary.platform.web.LoggedPaths.webhookAddress(instanceKey));
            secrets.forEach((name, secret) -> assertThat(log).as(name).doesNotContain(secret));
            // Request values with CR LF reached the log escaped, never as a line of their own.
            assertThat(log).contains("\\r\\n" + FORGED);
            assertThat(output.lines()).noneMatch(line -> line.startsWith(FORGED));
        }

        List<Hostile> corpus() {
            String platform = ApiClient.authorization(admin);
            String instance = API + "/instances/" + instanceId;
            String settings = API + "/accounts/" + accountId + "/settings";
            String deliveries = API + "/notifications/subscriptions/deliveries";
            byte[] tampered = order.clone();
            tampered[10] ^= 1;
            byte[] huge = new byte[11 * 1024 * 1024];
            List<Hostile> corpus = new ArrayList<>();

            // Ingest at an instance's own address.
            corpus.add(refused("ingest: HMAC signed with another secret", 401,
                    () -> webhook(webhookPath, order, signWith("not-the-app-secret", order), newId())));
            corpus.add(refused("ingest: truncated HMAC", 401,
                    () -> webhook(webhookPath, order, sign(order).substring(0, 20), newId())));
            corpus.add(refused("ingest: HMAC of a different body", 401,
                    () -> webhook(webhookPath, order, sign(tampered), newId())));
            corpus.add(refused("ingest: no HMAC", 401, () -> webhook(webhookPath, order, null, newId())));
            corpus.add(refused("ingest: HMAC that is not base64", 401,
                    () -> webhook(webhookPath, order, "%%%not/base64!!", newId())));
            corpus.add(refused("ingest: 4 KiB HMAC", 401, () -> webhook(webhookPath, order, "A".repeat(4096), newId())));
            corpus.add(new Hostile("ingest: replayed webhook id is acknowledged and dropped", () ->
                    webhook(webhookPath, order, sign(order), replayedWebhookId), 200,
                    a -> assertThat(a.json().get("outcome").asString()).isEqualTo("duplicate")));
            corpus.add(refused("ingest: valid HMAC but X-Shopify-Shop-Domain of another shop", 401,
                    () -> webhook(webhookPath, order, sign(order), newId(), "orders/create", "othershop.myshopify.com")));
            corpus.add(refused("ingest: valid HMAC but no X-Shopify-Webhook-Id", 400,
                    () -> webhook(webhookPath, order, sign(order), null)));
            corpus.add(new Hostile("ingest: SQL in X-Shopify-Topic is an unsubscribed topic, ignored", () ->
                    webhook(webhookPath, order, sign(order), newId(), SQL_DROP, "mystore.myshopify.com"), 200,
                    a -> assertThat(a.json().get("outcome").asString()).isEqualTo("ignored")));
            corpus.add(refused("ingest: SQL in X-Shopify-Webhook-Id with a forged HMAC", 401,
                    () -> webhook(webhookPath, order, sign(tampered), SQL_OR)));
            corpus.add(refused("ingest: JSON bomb with a forged HMAC", 401,
                    () -> webhook(webhookPath, "[".repeat(100_000).getBytes(), sign(order), newId())));
            corpus.add(refused("ingest: unknown instance key", 404,
                    () -> webhook(API + "/events/shopify/" + "x".repeat(43), order, sign(order), newId())));
            corpus.add(refused("ingest: SQL in the instance key", 404,
                    () -> webhook(API + "/events/shopify/%27%20OR%201%3D1%20--", order, sign(order), newId())));
            corpus.add(refused("ingest: path traversal in the instance key", 400,
                    () -> webhook(API + "/events/shopify/..%2F..%2Fetc%2Fpasswd", order, sign(order), newId())));
            corpus.add(refused("ingest: NUL in the instance key", 400,
                    () -> webhook(API + "/events/shopify/abc%00def", order, sign(order), newId())));
            corpus.add(refused("ingest: body over 10 MiB", 413, () -> webhook(webhookPath, huge, sign(huge), newId())));
            corpus.add(refused("ingest: declared body of 20 MiB", 413, () -> raw.send("POST " + webhookPath
                    + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: " + (20 * 1024 * 1024), new byte[0])));
            corpus.add(refused("ingest: valid HMAC but a 201-character webhook id", 400,
                    () -> webhook(webhookPath, order, sign(order), "w".repeat(201))));
            corpus.add(refused("ingest: GET", 405, () -> api.get(webhookPath).send()));
            // Ingest at the shop-routed address.
            corpus.add(refused("ingest: shop-routed, valid HMAC, unknown shop", 401, () -> webhook(API + "/events/shopify",
                    order, sign(order), newId(), "orders/create", "othershop.myshopify.com")));
            corpus.add(refused("ingest: shop-routed, no shop domain", 401,
                    () -> webhook(API + "/events/shopify", order, sign(order), newId(), "orders/create", null)));
            corpus.add(refused("ingest: shop-routed, forged HMAC", 401, () -> webhook(API + "/events/shopify", order,
                    sign(tampered), newId(), "orders/create", "mystore.myshopify.com")));
            corpus.add(refused("ingest: shop-routed, SQL as the shop domain", 401, () -> webhook(API + "/events/shopify",
                    order, sign(order), newId(), "orders/create", SQL_OR)));

            // Accounts, users and settings.
            corpus.add(refused("accounts: invalid UTF-8 in the JSON body", 400,
                    () -> postBytes(API + "/accounts", "application/json", concat("{\"name\": \"", INVALID_UTF8, "\"}"))));
            corpus.add(refused("accounts: 100,000 nested arrays", 400,
                    () -> api.post(API + "/accounts", "[".repeat(100_000)).as(admin).send()));
            corpus.add(refused("accounts: 100,000 nested objects", 400,
                    () -> api.post(API + "/accounts", "{\"a\":".repeat(100_000)).as(admin).send()));
            corpus.add(refused("accounts: a number of 100,000 digits", 400,
                    () -> api.post(API + "/accounts", "{\"name\": \"n\", \"externalId\": " + "9".repeat(100_000) + "}")
                            .as(admin).send()));
            corpus.add(new Hostile("accounts: duplicate keys",
                    () -> api.post(API + "/accounts", "{\"name\": \"first\", \"name\": \"second\"}").as(admin).send(),
                    400, a -> assertThat(a.json().get("message").asString()).isEqualTo("Request body names the property \"name\" twice")));
            corpus.add(refused("accounts: text/plain body", 415,
                    () -> postBytes(API + "/accounts", "text/plain", "{\"name\": \"x\"}".getBytes())));
            corpus.add(refused("accounts: DELETE /accounts/me", 405, () -> api.call("DELETE", API + "/accounts/me").as(admin).send()));
            corpus.add(refused("accounts: SQL as the account id", 400,
                    () -> api.get(API + "/accounts/%27%20OR%201%3D1%20--").as(admin).send()));
            corpus.add(refused("accounts: account id beyond a long", 400,
                    () -> api.get(API + "/accounts/99999999999999999999999").as(admin).send()));
            corpus.add(refused("accounts: path traversal as the account id", 400,
                    () -> api.get(API + "/accounts/..%2F..%2Fetc%2Fpasswd").as(admin).send()));
            corpus.add(refused("accounts: NUL in the account id", 400, () -> api.get(API + "/accounts/1%00").as(admin).send()));
            corpus.add(refused("accounts: SQL as pageSize", 400,
                    () -> api.get(API + "/accounts?pageSize=" + encode(SQL_OR)).as(admin).send()));
            corpus.add(refused("accounts: SQL as nextPage", 400,
                    () -> api.get(API + "/accounts?nextPage=" + encode(SQL_DROP)).as(admin).send()));
            corpus.add(refused("users: SQL as the email", 400, () -> api.post(API + "/accounts/" + accountId + "/users",
                    ApiClient.json(Map.of("email", SQL_OR))).as(admin).send()));
            corpus.add(refused("users: 10,000-character email", 400, () -> api.post(API + "/accounts/" + accountId + "/users",
                    ApiClient.json(Map.of("email", "a".repeat(10_000) + "@example.com"))).as(admin).send()));
            corpus.add(refused("users: a JSON array as the body", 400,
                    () -> api.post(API + "/accounts/" + accountId + "/users", "[\"x@example.com\"]").as(admin).send()));
            corpus.add(refused("settings: SQL as the policy", 400,
                    () -> api.patch(settings, ApiClient.json(Map.of("notification.webhook.failure.policy", SQL_DROP)))
                            .as(admin).send()));
            corpus.add(refused("settings: SQL as a setting name", 400,
                    () -> api.patch(settings, ApiClient.json(Map.of(SQL_OR, "retry"))).as(admin).send()));
            corpus.add(refused("settings: XML body", 415, () -> api.call("PATCH", settings).as(admin)
                    .header("Content-Type", "application/xml").body(HttpRequest.BodyPublishers.ofString("<x/>")).send()));
            corpus.add(refused("settings: invalid UTF-8 in the JSON body", 400, () -> api.call("POST", settings).as(admin)
                    .header("Content-Type", "application/json").body(HttpRequest.BodyPublishers.ofByteArray(
                            concat("{\"notification.webhook.failure.policy\": \"", INVALID_UTF8, "\"}"))).send()));
            corpus.add(refused("settings: 1e999999 as the policy", 400,
                    () -> api.patch(settings, "{\"notification.webhook.failure.policy\": 1e999999}").as(admin).send()));
            corpus.add(refused("settings: duplicate keys", 400, () -> api.patch(settings,
                    "{\"notification.webhook.failure.policy\": \"retry\", \"notification.webhook.failure.policy\": \"queue\"}")
                    .as(admin).send()));
            corpus.add(refused("settings: SQL as the account id", 400,
                    () -> api.get(API + "/accounts/1%20OR%201=1/settings").as(admin).send()));

            // Elements.
            corpus.add(refused("elements: SQL as the element key", 404,
                    () -> api.get(API + "/elements/" + encode(SQL_DROP)).as(admin).send()));
            corpus.add(refused("elements: path traversal as the element key", 400,
                    () -> api.get(API + "/elements/..%2F..%2Fetc%2Fpasswd").as(admin).send()));
            corpus.add(refused("elements: SQL as siteAddress", 400, () -> api.get(API + "/elements/shopify/oauth/url?apiKey=k"
                    + "&callbackUrl=https://app.example.com/cb&siteAddress=" + encode(SQL_OR)).as(admin).send()));
            corpus.add(refused("elements: invalid UTF-8 in siteAddress", 400, () -> api.get(API + "/elements/shopify/oauth/url"
                    + "?apiKey=k&callbackUrl=https://app.example.com/cb&siteAddress=%C3%28%FF%FE").as(admin).send()));
            corpus.add(refused("elements: javascript: callbackUrl", 400, () -> api.get(API + "/elements/shopify/oauth/url"
                    + "?apiKey=k&siteAddress=mystore&callbackUrl=" + encode("javascript:alert(1)")).as(admin).send()));
            corpus.add(refused("elements: POST", 405, () -> api.post(API + "/elements", "{}").as(admin).send()));

            // Instances and their configuration.
            corpus.add(refused("instances: SQL as the id", 400,
                    () -> api.get(API + "/instances/" + encode(SQL_OR)).as(admin).send()));
            corpus.add(refused("instances: an id that does not exist", 404,
                    () -> api.get(API + "/instances/987654321").as(admin).send()));
            corpus.add(refused("instances: a negative id", 404, () -> api.get(API + "/instances/-1").as(admin).send()));
            corpus.add(refused("instances: path traversal as the id", 400,
                    () -> api.get(API + "/instances/..%2F..%2Faccounts").as(admin).send()));
            corpus.add(refused("instances: PATCH with 100,000 nested arrays", 400,
                    () -> api.patch(instance, "{\"name\": " + "[".repeat(100_000)).as(admin).send()));
            corpus.add(refused("instances: PATCH with a number of 100,000 digits as the name", 400,
                    () -> api.patch(instance, "{\"name\": " + "1".repeat(100_000) + "}").as(admin).send()));
            corpus.add(refused("instances: PATCH with SQL in the topics", 400, () -> api.patch(instance, ApiClient.json(
                    Map.of("configuration", Map.of("shopify.webhook.topics", "orders/create" + SQL_DROP)))).as(admin).send()));
            corpus.add(refused("instances: PATCH with SQL as the callback URL", 400, () -> api.patch(instance, ApiClient.json(
                    Map.of("configuration", Map.of("event.notification.callback.url", SQL_OR)))).as(admin).send()));
            corpus.add(refused("instances: PATCH with duplicate keys", 400,
                    () -> api.patch(instance, "{\"name\": \"one\", \"name\": \"two\"}").as(admin).send()));
            corpus.add(refused("instances: PATCH with invalid UTF-8", 400, () -> api.call("PATCH", instance).as(admin)
                    .header("Content-Type", "application/json").body(HttpRequest.BodyPublishers.ofByteArray(
                            concat("{\"name\": \"", INVALID_UTF8, "\"}"))).send()));
            corpus.add(refused("instances: POST with SQL as the shop", 400, () -> api.post(API + "/instances", ApiClient.json(
                    Map.of("element", Map.of("key", "shopify"), "providerData", Map.of("code", "c", "shop", SQL_OR),
                            "configuration", Map.of("oauth.api.key", "k", "oauth.api.secret", "s")))).as(admin).send()));
            corpus.add(refused("instances: POST with SQL as the element key", 400, () -> api.post(API + "/instances",
                    ApiClient.json(Map.of("element", Map.of("key", SQL_DROP), "providerData", Map.of("code", "c", "shop",
                            "mystore")))).as(admin).send()));
            corpus.add(refused("instances: POST with 100,000 nested objects", 400,
                    () -> api.post(API + "/instances", "{\"a\":".repeat(100_000)).as(admin).send()));
            corpus.add(refused("instances: POST as a form", 415, () -> postBytes(API + "/instances",
                    "application/x-www-form-urlencoded", "element=shopify".getBytes())));
            corpus.add(refused("instances: PUT", 405, () -> api.call("PUT", API + "/instances").as(admin)
                    .json("{}").send()));
            corpus.add(new Hostile("instances: SQL in the tags[] filter finds nothing", () ->
                    api.get(API + "/instances?tags[]=" + encode(SQL_OR)).as(admin).send(), 200,
                    a -> assertThat(a.json().size()).isZero()));
            corpus.add(refused("configuration: SQL as the configuration id", 400, () -> api.patch(instance
                    + "/configuration/" + encode(SQL_OR), "{\"propertyValue\": \"x\"}").as(admin).send()));
            corpus.add(refused("configuration: an id that does not exist", 404, () -> api.patch(instance
                    + "/configuration/987654321", "{\"propertyValue\": \"orders/create\"}").as(admin).send()));
            corpus.add(refused("configuration: SQL as the topics' value", 400, () -> api.patch(instance + "/configuration/"
                    + configurationId, ApiClient.json(Map.of("propertyValue", SQL_DROP))).as(admin).send()));
            corpus.add(refused("configuration: propertyValue nested 100,000 deep", 400, () -> api.patch(instance
                    + "/configuration/" + configurationId, "{\"propertyValue\": " + "[".repeat(100_000)).as(admin).send()));
            corpus.add(refused("configuration: text/plain body", 415, () -> api.call("PATCH", instance + "/configuration/"
                    + configurationId).as(admin).header("Content-Type", "text/plain")
                    .body(HttpRequest.BodyPublishers.ofString("orders/create")).send()));

            // Instance events.
            corpus.add(refused("events: SQL as from", 400,
                    () -> api.get(instance + "/events?from=" + encode(SQL_OR)).as(admin).send()));
            corpus.add(new Hostile("events: SQL as objectType finds nothing", () ->
                    api.get(instance + "/events?objectType=" + encode(SQL_DROP)).as(admin).send(), 200,
                    a -> assertThat(a.json().size()).isZero()));
            corpus.add(refused("events: invalid UTF-8 in the query string", 400,
                    () -> api.get(instance + "/events?objectType=%C3%28%FF%FE").as(admin).send()));
            corpus.add(refused("events: SQL as pageSize", 400,
                    () -> api.get(instance + "/events?pageSize=" + encode("1; DROP TABLE notifications")).as(admin).send()));
            corpus.add(refused("events: an instance id that does not exist", 404,
                    () -> api.get(API + "/instances/987654321/events").as(admin).send()));

            // Deliveries, redelivery and subscriptions.
            corpus.add(refused("deliveries: where with OR 1=1", 400,
                    () -> api.get(deliveries + "?where=" + encode("status = 'delivered' or 1=1")).as(admin).send()));
            corpus.add(refused("deliveries: where with ; DROP TABLE", 400,
                    () -> api.get(deliveries + "?where=" + encode("instanceId = 1; DROP TABLE deliveries; --")).as(admin).send()));
            corpus.add(refused("deliveries: where breaking out of a quoted eventId", 400,
                    () -> api.get(deliveries + "?where=" + encode("eventId = '' OR '1'='1'")).as(admin).send()));
            corpus.add(new Hostile("deliveries: SQL inside a quoted eventId is a value that matches nothing", () ->
                    api.get(deliveries + "?where=" + encode("eventId = '" + SQL_OR.replace("'", "''") + "'")).as(admin).send(),
                    200, a -> assertThat(a.json().size()).isZero()));
            corpus.add(refused("deliveries: where with an unclosed quote", 400,
                    () -> api.get(deliveries + "?where=" + encode("eventId = 'abc")).as(admin).send()));
            corpus.add(refused("deliveries: where of 5,000 characters", 400, () -> api.get(deliveries + "?where="
                    + encode("status = 'queued'" + " and status = 'queued'".repeat(230))).as(admin).send()));
            corpus.add(refused("deliveries: where of 4,000 '('", 400,
                    () -> api.get(deliveries + "?where=" + "(".repeat(4000)).as(admin).send()));
            corpus.add(refused("deliveries: invalid UTF-8 in where", 400,
                    () -> api.get(deliveries + "?where=eventId%20%3D%20%27%C3%28%FF%FE%27").as(admin).send()));
            corpus.add(refused("deliveries: SQL as instanceId", 400,
                    () -> api.get(deliveries + "?where=" + encode("instanceId = " + SQL_OR)).as(admin).send()));
            corpus.add(refused("deliveries: SQL as pageSize", 400,
                    () -> api.get(deliveries + "?pageSize=" + encode(SQL_OR)).as(admin).send()));
            corpus.add(refused("deliveries: DELETE", 405, () -> api.call("DELETE", deliveries).as(admin).send()));
            corpus.add(refused("redeliver: PUT with OR 1=1", 400,
                    () -> api.call("PUT", deliveries + "?where=" + encode("status = 'queued' or 1=1")).as(admin).send()));
            corpus.add(refused("redeliver: PUT with ; DROP TABLE", 400, () -> api.call("PUT", deliveries + "?where="
                    + encode("status = 'queued'; DROP TABLE deliveries; --")).as(admin).send()));
            corpus.add(new Hostile("redeliver: PUT with SQL inside a quoted eventId redelivers nothing", () ->
                    api.call("PUT", deliveries + "?where=" + encode("eventId = '" + SQL_DROP + "'")).as(admin).send(),
                    200, a -> assertThat(a.json().get("count").asInt()).isZero()));
            corpus.add(refused("redeliver: PUT with invalid UTF-8 in where", 400, () -> api.call("PUT", deliveries
                    + "?where=status%20%3D%20%27%FF%27").as(admin).send()));
            corpus.add(refused("subscriptions: POST", 405,
                    () -> api.post(API + "/notifications/subscriptions", "{}").as(admin).send()));
            corpus.add(refused("subscriptions: DELETE", 405,
                    () -> api.call("DELETE", API + "/notifications/subscriptions").as(admin).send()));

            // Log injection: CR LF in values that reach the log.
            corpus.add(refused("log: CR LF in an unclosed where string", 400, () -> api.get(deliveries + "?where="
                    + encode("eventId = 'x\r\n" + FORGED)).as(admin).send()));
            corpus.add(refused("log: CR LF in a webhook address", 404, () -> webhook(API + "/events/shopify/abc%0D%0A"
                    + FORGED, order, sign(order), newId())));
            corpus.add(refused("log: CR LF in a configuration value", 400, () -> api.patch(instance,
                    ApiClient.json(Map.of("configuration", Map.of("event.vendor.type", "x\r\n" + FORGED)))).as(admin).send()));

            // URLs that could never be called, or could be turned against the network.
            corpus.add(new Hostile("urls: a callback port out of range", () -> api.patch(instance, ApiClient.json(Map.of(
                    "configuration", Map.of("event.notification.callback.url", "http://127.0.0.1:99999/x")))).as(admin).send(),
                    400, a -> assertThat(a.json().get("message").asString()).startsWith("event.notification.callback.url")
                            .contains("port 99999 is out of range")));
            corpus.add(refused("urls: a callback with a fragment", 400, () -> api.patch(instance, ApiClient.json(Map.of(
                    "configuration", Map.of("event.notification.callback.url", receiver.url("/hostile") + "#x")))).as(admin).send()));
            corpus.add(refused("urls: a callback with user-info", 400, () -> api.patch(instance, ApiClient.json(Map.of(
                    "configuration", Map.of("event.notification.callback.url", "http://u:p@127.0.0.1:1/x")))).as(admin).send()));
            for (String pollUrl : List.of("http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "//127.0.0.1:1/x",
                    "/hubs/ecommerce/../../../accounts")) {
                corpus.add(new Hostile("urls: poll url " + pollUrl, () -> api.patch(instance, ApiClient.json(Map.of(
                        "configuration", Map.of("event.poller.configuration", Map.of("orders", Map.of("url", pollUrl))))))
                        .as(admin).send(), 400, a -> assertThat(a.json().get("message").asString())
                        .startsWith("event.poller.configuration: orders.url must be a hub resource path")));
            }

            // Authorization.
            corpus.add(refused("auth: Basic credentials", 401, () -> api.get(API + "/accounts/me")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes())).send()));
            corpus.add(new Hostile("auth: User part only says the Organization part is missing",
                    () -> api.get(API + "/accounts/me").header("Authorization", "User " + admin.user()).send(), 401,
                    a -> assertThat(a.json().get("message").asString()).startsWith("Authorization header has no Organization part")));
            corpus.add(refused("auth: a control character in the Authorization header", 400, () -> raw.send("GET " + API
                    + "/accounts/me HTTP/1.1\r\nAuthorization: User " + admin.user() + "\u0001, Organization "
                    + admin.organization(), new byte[0])));
            // An instance token without the organization secret reads its instance, nothing more.
            String scoped = "User " + admin.user() + ", Element " + instanceToken;
            corpus.add(refused("auth: Element token alone, reading the account", 403,
                    () -> api.get(API + "/accounts/me").header("Authorization", scoped).send()));
            corpus.add(refused("auth: Element token alone, renaming its instance", 403,
                    () -> api.patch(instance, "{\"name\": \"taken over\"}").header("Authorization", scoped).send()));
            corpus.add(refused("auth: Element token alone, deleting its instance", 403,
                    () -> api.call("DELETE", instance).header("Authorization", scoped).send()));
            corpus.add(refused("auth: Element token alone, listing instances", 403,
                    () -> api.get(API + "/instances").header("Authorization", scoped).send()));
            corpus.add(refused("auth: Element token alone, redelivering", 403, () -> api.call("PUT", deliveries + "?where="
                    + encode("status = 'queued'")).header("Authorization", scoped).send()));
            corpus.add(refused("auth: Element token alone, changing the failure policy", 403, () -> api.patch(settings,
                    ApiClient.json(Map.of("notification.webhook.failure.policy", "queue"))).header("Authorization", scoped).send()));
            corpus.add(refused("auth: Element token alone, making a user", 403, () -> api.post(API + "/accounts/" + accountId
                    + "/users", ApiClient.json(Map.of("email", "x@example.com"))).header("Authorization", scoped).send()));
            corpus.add(refused("auth: Element token alone, making an account", 403, () -> api.post(API + "/accounts",
                    ApiClient.json(Map.of("name", "x"))).header("Authorization", scoped).send()));
            corpus.add(refused("auth: User named twice", 401, () -> api.get(API + "/accounts/me")
                    .header("Authorization", platform + ", User " + admin.user()).send()));
            corpus.add(refused("auth: 5,000-character header", 401, () -> api.get(API + "/accounts/me")
                    .header("Authorization", platform + ", Element " + "e".repeat(5000)).send()));
            corpus.add(refused("auth: only commas", 401,
                    () -> api.get(API + "/accounts/me").header("Authorization", ",,,").send()));
            corpus.add(refused("auth: SQL as the organization secret", 401, () -> api.get(API + "/accounts/me")
                    .header("Authorization", "User " + admin.user() + ", Organization '--").send()));
            corpus.add(refused("auth: SQL as the element token", 401, () -> api.get(API + "/instances")
                    .header("Authorization", platform + ", Element '||'1'='1").send()));
            corpus.add(refused("auth: UTF-8 bytes in the secret", 401, () -> raw.send(concat("GET " + API
                    + "/accounts/me HTTP/1.1\r\nAuthorization: User ", "s\u00e9cr\u00eat".getBytes(StandardCharsets.UTF_8),
                    ", Organization " + admin.organization()), new byte[0])));
            corpus.add(refused("auth: a forged header on a write", 401, () -> api.post(API + "/accounts", "{\"name\": \"x\"}")
                    .header("Authorization", "User " + SQL_OR.replace(' ', '_') + ", Organization " + admin.organization()).send()));

            // HTTP itself.
            corpus.add(refused("http: a 64 KiB header", 400, () -> raw.send("GET " + API + "/accounts/me HTTP/1.1\r\n"
                    + "Authorization: " + platform + "\r\nX-Padding: " + "p".repeat(64 * 1024), new byte[0])));
            corpus.add(refused("http: a 64 KiB URL", 400, () -> raw.send("GET " + API + "/accounts/me?x="
                    + "p".repeat(64 * 1024) + " HTTP/1.1\r\nAuthorization: " + platform, new byte[0])));
            corpus.add(refused("http: Content-Length with Transfer-Encoding", 400, () -> raw.send("POST " + API
                    + "/accounts HTTP/1.1\r\nAuthorization: " + platform + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 4\r\nTransfer-Encoding: chunked", "0\r\n\r\n".getBytes())));
            corpus.add(refused("http: broken chunked encoding", 400, () -> raw.send("POST " + API
                    + "/accounts HTTP/1.1\r\nAuthorization: " + platform + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked", "zz\r\n{\"name\":\"x\"}\r\n0\r\n\r\n".getBytes())));
            corpus.add(refused("http: a malformed request line", 400,
                    () -> raw.send("GET /elements/api-v2/acc ounts/me HTTP/1.1", new byte[0])));
            corpus.add(refused("http: 2,000 query parameters", 400, () -> api.get(API + "/accounts/me?"
                    + String.join("&", java.util.Collections.nCopies(2000, "a=1"))).as(admin).send()));
            corpus.add(refused("http: Accept text/html only", 406,
                    () -> api.get(API + "/accounts/me").as(admin).header("Accept", "text/html").send()));
            corpus.add(refused("http: invalid UTF-8 in the path", 400,
                    () -> api.get(API + "/instances/%C3%28%FF").as(admin).send()));
            corpus.add(new Hostile("http: a hostile X-Request-Id is not echoed", () -> api.get(API + "/accounts/me")
                    .header("X-Request-Id", "<script>alert(1)</script>").send(), 401,
                    a -> assertThat(a.json().get("requestId").asString()).matches("[0-9a-f]{24}")));
            corpus.add(refused("http: path traversal out of the API", 400, () -> api.get("/%2e%2e/%2e%2e/etc/passwd").send()));
            corpus.add(refused("http: unauthenticated traversal from the webhook prefix", 401,
                    () -> api.get(API + "/events/shopify/../../api-v2/accounts/me").send()));

            if (sandbox()) {
                corpus.add(refused("sandbox: receiver body over 10 MiB", 413, () -> api.call("POST", "/sandbox/receiver/x")
                        .header("Content-Type", "application/json").body(HttpRequest.BodyPublishers.ofByteArray(huge)).send()));
                corpus.add(refused("sandbox: SQL as a record id", 400,
                        () -> api.get("/sandbox/receiver/" + encode(SQL_OR) + "/body").send()));
                corpus.add(refused("sandbox: a record id that does not exist", 404,
                        () -> api.get("/sandbox/receiver/987654321/body").send()));
                corpus.add(refused("sandbox: POST /sandbox", 405, () -> api.post("/sandbox", "{}").send()));
            }
            return corpus;
        }

        static Hostile refused(String name, int status, Supplier<Answer> request) {
            return new Hostile(name, request, status, answer -> { });
        }

        Answer webhook(String path, byte[] body, String hmac, String webhookId) {
            return webhook(path, body, hmac, webhookId, "orders/create", "mystore.myshopify.com");
        }

        Answer webhook(String path, byte[] body, String hmac, String webhookId, String topic, String shopDomain) {
            ApiClient.Call call = api.call("POST", path).header("Content-Type", "application/json")
                    .header("X-Shopify-Topic", topic)
                    .header("X-Shopify-API-Version", "2025-10")
                    .header("X-Shopify-Triggered-At", "2026-11-28T15:04:05.123Z")
                    .body(HttpRequest.BodyPublishers.ofByteArray(body));
            if (shopDomain != null) {
                call.header("X-Shopify-Shop-Domain", shopDomain);
            }
            if (hmac != null) {
                call.header("X-Shopify-Hmac-Sha256", hmac);
            }
            if (webhookId != null) {
                call.header("X-Shopify-Webhook-Id", webhookId);
            }
            return call.send();
        }

        Answer postBytes(String path, String contentType, byte[] body) {
            return api.call("POST", path).as(admin).header("Content-Type", contentType)
                    .body(HttpRequest.BodyPublishers.ofByteArray(body)).send();
        }

        static String sign(byte[] body) {
            return signWith(EmulatedShopify.CLIENT_SECRET, body);
        }

        static String signWith(String secret, byte[] body) {
            return ShopifyWebhooks.hmac(secret, body);
        }

        static String newId() {
            return UUID.randomUUID().toString();
        }

        static String encode(String value) {
            return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }

        static byte[] concat(String before, byte[] middle, String after) {
            byte[] head = before.getBytes(StandardCharsets.UTF_8);
            byte[] tail = after.getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[head.length + middle.length + tail.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(middle, 0, all, head.length, middle.length);
            System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
            return all;
        }

        long count(String table) {
            return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
        }

        /** Row counts of every tenant table and the values a request could change. */
        String snapshot() {
            StringBuilder state = new StringBuilder();
            for (String table : TABLES) {
                state.append(table).append('=').append(count(table)).append('\n');
            }
            state.append(jdbc.sql("SELECT account_id, name, value FROM account_settings ORDER BY account_id, name")
                    .query().listOfRows()).append('\n');
            state.append(jdbc.sql("SELECT id, name, events_enabled, updated_at FROM instances ORDER BY id")
                    .query().listOfRows()).append('\n');
            state.append(jdbc.sql("SELECT instance_id, name, value FROM instance_configuration ORDER BY instance_id, name")
                    .query().listOfRows().stream().map(row -> row.get("instance_id") + ":" + row.get("name") + ":"
                            + java.util.Arrays.hashCode(String.valueOf(row.get("value")).getBytes())).toList()).append('\n');
            state.append(jdbc.sql("SELECT id, status, url FROM deliveries ORDER BY id").query().listOfRows()).append('\n');
            state.append(jdbc.sql("SELECT url, status FROM callback_subscriptions ORDER BY url").query().listOfRows());
            return state.toString();
        }

        /** Waits until no delivery is still to be made, so the snapshot only moves when a request moves it. */
        void awaitSettled() throws InterruptedException {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                long open = jdbc.sql("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'retrying')")
                        .query(Long.class).single();
                if (open == 0) {
                    return;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("deliveries did not settle");
        }

        static void assertErrorFormat(Answer answer) {
            assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/json");
            JsonNode error = answer.json();
            assertThat(error.get("message").asString()).as(answer.toString()).isNotBlank();
            assertThat(error.get("requestId").asString()).isNotBlank();
            assertThat(error.propertyNames()).isSubsetOf("message", "requestId", "providerMessage");
            if (answer.header("X-Request-Id") != null) {
                assertThat(error.get("requestId").asString()).isEqualTo(answer.header("X-Request-Id"));
            }
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.tributary");
        }
    }
}
