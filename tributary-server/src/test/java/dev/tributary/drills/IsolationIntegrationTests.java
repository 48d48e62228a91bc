package dev.tributary.drills;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.sql.DataSource;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drill: account B's user, aimed at everything of account A, gets exactly the answer an id that
 * does not exist gets (same status, same body but for the request id and the id asked for), lists
 * never show A's items, and B's redelivery never touches A's deliveries.
 */
class IsolationIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final long MISSING = 987654321L;

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

    /** One probe: the request made with some id, compared between A's id and a missing one. */
    record Probe(String name, String idOfA, Function<String, Answer> request) {
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenarios {

        TestStore store;
        EmulatedShopify shopify;
        RecordingReceiver receiver;
        RunningService service;
        ApiClient api;
        JdbcClient jdbc;
        byte[] order;

        Credentials adminOfA;
        long accountA;
        long instanceA;
        String tokenA;
        long configurationA;
        String eventIdA;

        Credentials userOfB;
        long accountB;
        long instanceB;

        abstract TestStore newStore();

        @BeforeAll
        void start() throws Exception {
            store = newStore();
            shopify = EmulatedShopify.start();
            receiver = RecordingReceiver.start();
            service = RunningService.start(store, Map.of(
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.delivery.poll-interval", "50ms",
                    "tributary.callback.allow", RecordingReceiver.LOOPBACK_ALLOW));
            api = service.client();
            jdbc = JdbcClient.create(service.bean(DataSource.class));
            order = Files.readAllBytes(Path.of("src", "test", "resources", "fixtures", "shopify", "orders_create.json"));

            // Account A: the bootstrap account. Its callback fails and its policy queues, so A has a
            // queued delivery that a redelivery would move.
            adminOfA = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
            accountA = api.get(API + "/accounts/me").as(adminOfA).send().json().get("id").asLong();
            assertThat(api.patch(API + "/accounts/" + accountA + "/settings",
                    "{\"notification.webhook.failure.policy\": \"queue\"}").as(adminOfA).send().status()).isEqualTo(200);
            receiver.script("/a", 500);
            JsonNode a = createInstance(adminOfA, "/a", "tenant-a");
            instanceA = a.get("id").asLong();
            tokenA = a.get("token").asString();
            configurationA = api.get(API + "/instances/" + instanceA + "/configuration").as(adminOfA).send().json()
                    .valueStream().filter(e -> e.get("key").asString().equals("shopify.webhook.topics"))
                    .findFirst().orElseThrow().get("id").asLong();
            assertThat(ShopifyWebhooks.postOrder(api, latestAddress(), order).status()).isEqualTo(200);

            // Account B: made through the API, with a user of its own (not an organization admin) and an instance.
            accountB = api.post(API + "/accounts", "{\"name\": \"Tenant B\"}").as(adminOfA).send().json().get("id").asLong();
            Answer user = api.post(API + "/accounts/" + accountB + "/users", "{\"email\": \"b@example.com\"}")
                    .as(adminOfA).send();
            userOfB = new Credentials(user.json().get("secret").asString(), adminOfA.organization());
            instanceB = createInstance(userOfB, "/b", "tenant-b").get("id").asLong();
            assertThat(ShopifyWebhooks.postOrder(api, latestAddress(), order).status()).isEqualTo(200);

            assertThat(receiver.await("/b", r -> r.size() == 1, 10)).hasSize(1);
            eventIdA = awaitQueuedDeliveryOfA();
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

        List<Probe> probes() {
            String a = Long.toString(accountA);
            String ia = Long.toString(instanceA);
            String policy = "{\"notification.webhook.failure.policy\": \"retry\"}";
            String deliveries = API + "/notifications/subscriptions/deliveries?where=";
            List<Probe> probes = new ArrayList<>();
            probes.add(new Probe("GET /accounts/{id}", a, id -> api.get(API + "/accounts/" + id).as(userOfB).send()));
            probes.add(new Probe("GET /accounts/{id}/settings", a,
                    id -> api.get(API + "/accounts/" + id + "/settings").as(userOfB).send()));
            probes.add(new Probe("POST /accounts/{id}/settings", a,
                    id -> api.post(API + "/accounts/" + id + "/settings", policy).as(userOfB).send()));
            probes.add(new Probe("PATCH /accounts/{id}/settings", a,
                    id -> api.patch(API + "/accounts/" + id + "/settings", policy).as(userOfB).send()));
            probes.add(new Probe("POST /accounts/{id}/users", a, id -> api.post(API + "/accounts/" + id + "/users",
                    "{\"email\": \"intruder@example.com\"}").as(userOfB).send()));
            probes.add(new Probe("GET /instances/{id}", ia, id -> api.get(API + "/instances/" + id).as(userOfB).send()));
            probes.add(new Probe("PATCH /instances/{id}", ia,
                    id -> api.patch(API + "/instances/" + id, "{\"name\": \"taken over\"}").as(userOfB).send()));
            probes.add(new Probe("DELETE /instances/{id}", ia,
                    id -> api.call("DELETE", API + "/instances/" + id).as(userOfB).send()));
            probes.add(new Probe("GET /instances/{id}/configuration", ia,
                    id -> api.get(API + "/instances/" + id + "/configuration").as(userOfB).send()));
            probes.add(new Probe("PATCH /instances/{id}/configuration/{A's configuration id}", ia,
                    id -> api.patch(API + "/instances/" + id + "/configuration/" + configurationA,
                            "{\"propertyValue\": \"orders/create\"}").as(userOfB).send()));
            probes.add(new Probe("PATCH /instances/{B's id}/configuration/{id}", Long.toString(configurationA),
                    id -> api.patch(API + "/instances/" + instanceB + "/configuration/" + id,
                            "{\"propertyValue\": \"orders/create\"}").as(userOfB).send()));
            probes.add(new Probe("GET /instances/{id}/events", ia,
                    id -> api.get(API + "/instances/" + id + "/events").as(userOfB).send()));
            probes.add(new Probe("Element token of the instance", tokenA, token -> api.get(API + "/instances")
                    .header("Authorization", ApiClient.authorization(userOfB) + ", Element " + token).send()));
            probes.add(new Probe("GET deliveries where instanceId", ia,
                    id -> api.get(deliveries + encode("instanceId = " + id)).as(userOfB).send()));
            probes.add(new Probe("GET deliveries where eventId", eventIdA,
                    id -> api.get(deliveries + encode("eventId = '" + id + "'")).as(userOfB).send()));
            probes.add(new Probe("PUT deliveries where instanceId", ia,
                    id -> api.call("PUT", deliveries + encode("instanceId = " + id)).as(userOfB).send()));
            probes.add(new Probe("PUT deliveries where eventId", eventIdA,
                    id -> api.call("PUT", deliveries + encode("eventId = '" + id + "' and status = 'queued'")).as(userOfB).send()));
            probes.add(new Probe("GET /instances/{id} by A's admin for B's instance", Long.toString(instanceB),
                    id -> api.get(API + "/instances/" + id).as(adminOfA).send()));
            return probes;
        }

        @Test
        void b_aimed_at_a_gets_the_answer_of_an_id_that_does_not_exist_and_changes_nothing() {
            String before = stateOfA();
            for (Probe probe : probes()) {
                String missing = probe.idOfA().matches("\\d+") ? Long.toString(MISSING) : missingLike(probe.idOfA());
                Answer ofA = probe.request().apply(probe.idOfA());
                Answer ofNobody = probe.request().apply(missing);
                assertThat(ofA.status()).as("%s: %s", probe.name(), ofA).isEqualTo(ofNobody.status());
                assertThat(normalized(ofA, probe.idOfA())).as(probe.name()).isEqualTo(normalized(ofNobody, missing));
                assertThat(ofA.body()).as(probe.name()).doesNotContain("tenant-a").doesNotContain(receiver.url("/a"));
                assertThat(stateOfA()).as(probe.name()).isEqualTo(before);
            }
            assertThat(receiver.received("/a")).hasSize(1);
        }

        @Test
        void lists_show_b_only_its_own() {
            JsonNode instances = api.get(API + "/instances").as(userOfB).send().json();
            assertThat(instances.valueStream().map(i -> i.get("id").asLong())).containsExactly(instanceB);
            assertThat(api.get(API + "/instances?tags%5B%5D=tenant-a").as(userOfB).send().json().size()).isZero();

            JsonNode deliveries = api.get(API + "/notifications/subscriptions/deliveries").as(userOfB).send().json();
            assertThat(deliveries.size()).isPositive();
            assertThat(deliveries.valueStream().map(d -> d.get("instanceId").asLong())).containsOnly(instanceB);
            assertThat(deliveries.valueStream().map(d -> d.get("eventId").asString())).doesNotContain(eventIdA);
            assertThat(api.get(API + "/notifications/subscriptions/deliveries?where=" + encode("status = 'queued'"))
                    .as(userOfB).send().json().size()).isZero();

            JsonNode subscriptions = api.get(API + "/notifications/subscriptions").as(userOfB).send().json();
            assertThat(subscriptions.toString()).contains(receiver.url("/b")).doesNotContain(receiver.url("/a"));

            JsonNode events = api.get(API + "/instances/" + instanceB + "/events").as(userOfB).send().json();
            assertThat(events.size()).isEqualTo(1);
            assertThat(events.get(0).get("eventId").asString()).isNotEqualTo(eventIdA);

            assertThat(api.get(API + "/accounts").as(userOfB).send().status()).isEqualTo(403);
            assertThat(api.get(API + "/accounts/me").as(userOfB).send().json().get("id").asLong()).isEqualTo(accountB);
        }

        @Test
        void b_redelivering_everything_it_can_match_leaves_a_queued() {
            String before = stateOfA();
            for (String where : new String[] {"", "?where=" + encode("status = 'queued'"),
                    "?where=" + encode("instanceId in (" + instanceA + ", " + instanceB + ")"),
                    "?where=" + encode("eventId = '" + eventIdA + "'")}) {
                Answer answer = api.call("PUT", API + "/notifications/subscriptions/deliveries" + where).as(userOfB).send();
                assertThat(answer.status()).as(where).isEqualTo(200);
                assertThat(answer.json().get("count").asInt()).as(where).isZero();
            }
            assertThat(stateOfA()).isEqualTo(before);
            assertThat(jdbc.sql("SELECT status FROM deliveries WHERE event_id = :id").param("id", eventIdA)
                    .query(String.class).single()).isEqualTo("queued");
            assertThat(receiver.received("/a")).hasSize(1);
        }

        /** A's rows that B could try to change: account, settings, users, instance, configuration, deliveries, subscriptions. */
        String stateOfA() {
            return jdbc.sql("SELECT id, name FROM accounts WHERE id = :a").param("a", accountA).query().listOfRows()
                    + "\n" + jdbc.sql("SELECT name, value FROM account_settings WHERE account_id = :a ORDER BY name")
                    .param("a", accountA).query().listOfRows()
                    + "\n" + jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single()
                    + "\n" + jdbc.sql("SELECT id, name, updated_at FROM instances WHERE account_id = :a ORDER BY id")
                    .param("a", accountA).query().listOfRows()
                    + "\n" + jdbc.sql("SELECT COUNT(*) FROM instance_configuration WHERE instance_id = :i")
                    .param("i", instanceA).query(Long.class).single()
                    + "\n" + jdbc.sql("SELECT id, status, next_attempt_at, updated_at FROM deliveries WHERE account_id = :a"
                    + " ORDER BY id").param("a", accountA).query().listOfRows()
                    + "\n" + jdbc.sql("SELECT url, status FROM callback_subscriptions WHERE account_id = :a ORDER BY url")
                    .param("a", accountA).query().listOfRows();
        }

        /** The answer with its request id removed and the id asked for replaced by a placeholder. */
        static String normalized(Answer answer, String id) {
            String body = answer.body();
            if (body.startsWith("{")) {
                ObjectNode json = (ObjectNode) JSON.readTree(body);
                json.remove("requestId");
                body = json.toString();
            }
            return answer.status() + " " + body.replaceAll("(?<![\\w-])" + Pattern.quote(id) + "(?![\\w-])", "{id}");
        }

        /** A value of the same shape as {@code value} that names nothing. */
        static String missingLike(String value) {
            StringBuilder other = new StringBuilder();
            for (char c : value.toCharArray()) {
                other.append(Character.isDigit(c) ? '7' : Character.isLetter(c) ? (c == 'q' ? 'r' : 'q') : c);
            }
            return other.toString();
        }

        JsonNode createInstance(Credentials owner, String callbackPath, String tag) {
            Answer created = api.post(API + "/instances", """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.notification.enabled": "true", "shopify.webhook.topics": "orders/create",
                       "event.notification.callback.url": "%s"},
                     "name": "%s", "tags": ["%s"]}
                    """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET,
                    receiver.url(callbackPath), tag, tag)).as(owner).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            return created.json();
        }

        /** The webhook path of the instance created last. */
        String latestAddress() {
            String address = shopify.subscriptions().stream().filter(s -> s.topic().equals("orders/create"))
                    .map(s -> s.address()).reduce((first, second) -> second).orElseThrow();
            return address.substring(address.indexOf("/elements/api-v2/"));
        }

        String awaitQueuedDeliveryOfA() throws InterruptedException {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                List<String> queued = jdbc.sql("SELECT event_id FROM deliveries WHERE account_id = :a AND status = 'queued'")
                        .param("a", accountA).query(String.class).list();
                long openOfB = jdbc.sql("SELECT COUNT(*) FROM deliveries WHERE account_id = :b AND status <> 'delivered'")
                        .param("b", accountB).query(Long.class).single();
                if (queued.size() == 1 && openOfB == 0) {
                    return queued.get(0);
                }
                Thread.sleep(20);
            }
            throw new AssertionError("A's delivery was not queued, or B's not delivered");
        }

        static String encode(String value) {
            return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
