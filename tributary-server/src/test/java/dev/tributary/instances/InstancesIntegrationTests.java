package dev.tributary.instances;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tributary.emulator.Subscription;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Connecting shops over real HTTP: Tributary on each storage engine, the Shopify emulator as
 * Shopify. Every failure is checked on both sides: no instance here, no subscription there.
 */
class InstancesIntegrationTests {

    static final String PUBLIC_URL = "https://tributary.example.com";
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

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenarios {

        TestStore store;
        EmulatedShopify shopify;
        RunningService service;
        ApiClient api;
        Credentials admin;

        abstract TestStore newStore();

        @BeforeAll
        void start() {
            store = newStore();
            shopify = EmulatedShopify.start();
            service = RunningService.start(store, Map.of(
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.public-url", PUBLIC_URL));
            api = service.client();
            admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
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

        @BeforeEach
        void noInstancesLeft() {
            for (JsonNode instance : api.get(API + "/instances").as(admin).send().json()) {
                api.call("DELETE", API + "/instances/" + instance.get("id").asLong()).as(admin).send();
            }
            shopify.shop().subscriptions().clear();
        }

        /** The seed's body, sent as is, plus the shop. */
        String seedBody(String code, String topics) {
            return """
                    {
                      "element": {"key": "shopify"},
                      "providerData": {"code": "%s"},
                      "configuration": {
                        "oauth.callback.url": "https://app.example.com/callback",
                        "oauth.api.key": "%s",
                        "oauth.api.secret": "%s",
                        "event.notification.enabled": true,
                        "shopify.webhook.topics": "%s",
                        "event.notification.callback.url": "https://app.example.com/events",
                        "event.notification.signature.key": "%s",
                        "shopify.site.address": "mystore"
                      },
                      "tags": ["seed", "store-1"],
                      "name": "My Shopify store"
                    }
                    """.formatted(code, EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET, topics, SIGNATURE_KEY);
        }

        JsonNode createSeedInstance(String topics) {
            Answer created = api.post(API + "/instances", seedBody(shopify.authorizationCode(), topics)).as(admin).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            return created.json();
        }

        @Test
        void the_seed_body_creates_an_instance_whose_topics_are_subscribed_at_shopify() {
            JsonNode instance = createSeedInstance("orders/create, customers/update ,products/delete");

            assertThat(instance.get("id").asLong()).isPositive();
            assertThat(instance.get("name").asString()).isEqualTo("My Shopify store");
            assertThat(instance.get("token").asString()).hasSizeGreaterThanOrEqualTo(40);
            assertThat(instance.get("element").get("key").asString()).isEqualTo("shopify");
            assertThat(instance.get("eventsEnabled").asBoolean()).isTrue();
            assertThat(instance.get("valid").asBoolean()).isTrue();
            assertThat(instance.get("disabled").asBoolean()).isFalse();
            assertThat(instance.get("tags").valueStream().map(JsonNode::asString).toList()).containsExactly("seed", "store-1");
            assertThat(instance.get("createdDate").asString()).isNotBlank();
            assertThat(instance.get("updatedDate").asString()).isNotBlank();
            JsonNode configuration = instance.get("configuration");
            assertThat(configuration.get("oauth.api.secret").asString()).isEqualTo("********");
            assertThat(configuration.get("event.notification.signature.key").asString()).isEqualTo("********");
            assertThat(configuration.get("oauth.user.token").asString()).isEqualTo("********");

            List<Subscription> subscriptions = shopify.subscriptions();
            assertThat(subscriptions).extracting(Subscription::topic)
                    .containsExactlyInAnyOrder("orders/create", "customers/update", "products/delete", "app/uninstalled");
            String address = subscriptions.get(0).address();
            assertThat(address).startsWith(PUBLIC_URL + "/elements/api-v2/events/shopify/");
            String instanceKey = address.substring(address.lastIndexOf('/') + 1);
            assertThat(instanceKey).hasSizeGreaterThanOrEqualTo(40).doesNotMatch("\\d+");
            assertThat(subscriptions).allSatisfy(s -> {
                assertThat(s.address()).isEqualTo(address);
                assertThat(s.format()).isEqualTo("json");
                assertThat(s.clientId()).isEqualTo(EmulatedShopify.CLIENT_ID);
            });
            Set<String> shownIds = Set.of(configuration.get("event.notification.subscription.id").asString().split(","));
            assertThat(shownIds).isEqualTo(subscriptions.stream().map(Subscription::graphqlId).collect(Collectors.toSet()));

            Answer fetched = api.get(API + "/instances/" + instance.get("id").asLong()).as(admin).send();
            assertThat(fetched.json().get("configuration")).isEqualTo(configuration);
            assertNoSecretIn(fetched);
        }

        @Test
        void a_polling_instance_is_subscribed_to_app_uninstalled_only() {
            Answer created = api.post(API + "/instances", seedBody(shopify.authorizationCode(), "orders/create")
                    .replace("\"event.notification.enabled\": true,", "\"event.notification.enabled\": true, "
                            + "\"event.vendor.type\": \"polling\", \"event.poller.refresh_interval\": \"0.05\",")).as(admin).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            assertThat(shopify.subscriptions()).extracting(Subscription::topic).containsExactly("app/uninstalled");
            assertThat(created.json().get("configuration").get("event.poller.refresh_interval").asString()).isEqualTo("0.05");

            // Back to webhooks: the topics are subscribed as a difference, app/uninstalled stays.
            long id = created.json().get("id").asLong();
            Answer webhooks = api.patch(API + "/instances/" + id, "{\"configuration\": {\"event.vendor.type\": \"webhook\"}}")
                    .as(admin).send();
            assertThat(webhooks.status()).as(webhooks.toString()).isEqualTo(200);
            assertThat(shopify.subscriptions()).extracting(Subscription::topic)
                    .containsExactlyInAnyOrder("app/uninstalled", "orders/create");
        }

        @Test
        void a_code_shopify_refuses_leaves_no_instance_and_no_subscription() {
            String code = shopify.authorizationCode();
            assertThat(api.post(API + "/instances", seedBody(code, "orders/create")).as(admin).send().status()).isEqualTo(200);
            noInstancesLeft();

            Answer reused = api.post(API + "/instances", seedBody(code, "orders/create")).as(admin).send();
            assertThat(reused.status()).isBetween(400, 499);
            assertThat(reused.json().get("providerMessage").asString()).contains("authorization code");
            assertThat(api.get(API + "/instances").as(admin).send().json()).isEmpty();
            assertThat(shopify.subscriptions()).isEmpty();
        }

        @Test
        void a_topic_shopify_refuses_undoes_the_subscriptions_already_made() {
            // The app is granted orders only: Shopify refuses the customers topic after orders/create was made.
            String code = shopify.authorizationCode("write_orders");
            Answer refused = api.post(API + "/instances", seedBody(code, "orders/create, customers/update")).as(admin).send();
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().get("message").asString()).contains("customers/update");
            assertThat(refused.json().get("providerMessage").asString()).isNotBlank();
            assertThat(api.get(API + "/instances").as(admin).send().json()).isEmpty();
            assertThat(shopify.subscriptions()).isEmpty();
        }

        @Test
        void shopify_unreachable_is_a_502_and_leaves_no_instance() throws Exception {
            int closedPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            try (RunningService offline = RunningService.start(store, Map.of(
                    "tributary.shopify.base-url", "http://127.0.0.1:" + closedPort + "/{shop}",
                    "tributary.shopify.max-attempts", "2"))) {
                Answer answer = offline.client().post(API + "/instances", seedBody("any-code", "orders/create"))
                        .as(admin).send();
                assertThat(answer.status()).as(answer.toString()).isEqualTo(502);
                assertThat(offline.client().get(API + "/instances").as(admin).send().json()).isEmpty();
            }
        }

        @Test
        void bad_configuration_is_refused_before_anything_reaches_shopify() {
            String code = shopify.authorizationCode();
            Map<String, String> cases = Map.of(
                    "unknown topic", seedBody(code, "orders/create, orders/explode"),
                    "missing callback", seedBody(code, "orders/create").replace(
                            "\"event.notification.callback.url\": \"https://app.example.com/events\",", ""),
                    "non-http callback", seedBody(code, "orders/create").replace(
                            "https://app.example.com/events", "ftp://app.example.com/events"),
                    "no shop", seedBody(code, "orders/create").replace(",\n    \"shopify.site.address\": \"mystore\"", "")
                            .replace("\"shopify.site.address\": \"mystore\"", "\"oauth.scope\": \"read_orders\""),
                    "bad shop", seedBody(code, "orders/create").replace("\"mystore\"", "\"my store!\""),
                    "bad poll url", seedBody(code, "orders/create").replace("\"shopify.site.address\"",
                            "\"event.poller.configuration\": {\"orders\": {\"url\": \"/hubs/ecommerce/orders?since=${foo:x}\"}}, \"shopify.site.address\""),
                    "no code", seedBody(code, "orders/create").replace("\"code\": \"" + code + "\"", "\"x\": 1"));
            cases.forEach((name, body) -> {
                Answer answer = api.post(API + "/instances", body).as(admin).send();
                assertThat(answer.status()).as(name + ": " + answer).isEqualTo(400);
                assertThat(answer.json().get("message").asString()).as(name).isNotBlank();
            });
            assertThat(api.post(API + "/instances", seedBody(code, "orders/create, orders/explode")).as(admin).send()
                    .json().get("message").asString()).contains("orders/explode");
            assertThat(api.post(API + "/instances", cases.get("bad poll url")).as(admin).send().json().get("message")
                    .asString()).isEqualTo("event.poller.configuration: orders.url: unknown placeholder 'foo'"
                            + " (use gmtDate, date or epoch) at position 31");
            // Nothing was sent to Shopify: the code is still unused, so it still works.
            assertThat(api.post(API + "/instances", seedBody(code, "orders/create")).as(admin).send().status()).isEqualTo(200);
        }

        @Test
        void patch_applies_topic_differences_and_disabling_events_removes_them_all() {
            JsonNode instance = createSeedInstance("orders/create, customers/update");
            long id = instance.get("id").asLong();

            Answer changed = api.patch(API + "/instances/" + id,
                    "{\"configuration\": {\"shopify.webhook.topics\": \"orders/create, products/update\"}, \"name\": \"Renamed\"}")
                    .as(admin).send();
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            assertThat(changed.json().get("name").asString()).isEqualTo("Renamed");
            assertThat(changed.json().get("tags").size()).isEqualTo(2);
            assertThat(shopify.subscriptions()).extracting(Subscription::topic)
                    .containsExactlyInAnyOrder("orders/create", "products/update", "app/uninstalled");

            Answer tagged = api.patch(API + "/instances/" + id, "{\"tags\": [\"only\"]}").as(admin).send();
            assertThat(tagged.json().get("tags").get(0).asString()).isEqualTo("only");
            assertThat(tagged.json().get("configuration").get("shopify.webhook.topics").asString())
                    .isEqualTo("orders/create, products/update");

            Answer disabled = api.patch(API + "/instances/" + id,
                    "{\"configuration\": {\"event.notification.enabled\": false}}").as(admin).send();
            assertThat(disabled.status()).isEqualTo(200);
            assertThat(disabled.json().get("eventsEnabled").asBoolean()).isFalse();
            assertThat(disabled.json().get("configuration").has("event.notification.subscription.id")).isFalse();
            assertThat(shopify.subscriptions()).isEmpty();

            Answer bad = api.patch(API + "/instances/" + id,
                    "{\"configuration\": {\"event.notification.enabled\": true, \"shopify.webhook.topics\": \"nope/nope\"}}")
                    .as(admin).send();
            assertThat(bad.status()).isEqualTo(400);
            assertThat(api.get(API + "/instances/" + id).as(admin).send().json().get("eventsEnabled").asBoolean()).isFalse();

            Answer badPollUrl = api.patch(API + "/instances/" + id,
                    "{\"configuration\": {\"event.poller.configuration\": {\"orders\": {\"url\": \"/hubs/ecommerce/orders?t=${epoch:h}\"}}}}")
                    .as(admin).send();
            assertThat(badPollUrl.status()).isEqualTo(400);
            assertThat(badPollUrl.json().get("message").asString()).contains("orders.url", "position 33");
            assertThat(api.get(API + "/instances/" + id).as(admin).send().json().get("configuration")
                    .has("event.poller.configuration")).isFalse();
        }

        @Test
        void delete_removes_the_subscriptions_at_shopify_and_the_instance() {
            long id = createSeedInstance("orders/create").get("id").asLong();
            assertThat(shopify.subscriptions()).hasSize(2);
            Answer deleted = api.call("DELETE", API + "/instances/" + id).as(admin).send();
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json().get("subscriptionsLeftAtShopify")).isEmpty();
            assertThat(deleted.json().get("message").asString()).isEqualTo("Instance " + id
                    + " deleted; its 2 webhook subscription(s) were removed at Shopify");
            assertThat(shopify.subscriptions()).isEmpty();
            assertThat(api.get(API + "/instances/" + id).as(admin).send().status()).isEqualTo(404);
        }

        @Test
        void delete_says_which_subscriptions_shopify_kept_and_they_are_removed_later() throws Exception {
            long id = createSeedInstance("orders/create").get("id").asLong();
            assertThat(shopify.subscriptions()).hasSize(2);
            // A node that gives up on Shopify quickly and retries left-overs soon, on the same store.
            try (RunningService impatient = RunningService.start(store, Map.of(
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.public-url", PUBLIC_URL,
                    "tributary.shopify.max-attempts", "1",
                    "tributary.instances.cleanup-retry-interval", "300ms"))) {
                shopify.emulator().admin().failNext(shopify.shop(), 503, Integer.MAX_VALUE);
                Answer deleted = impatient.client().call("DELETE", API + "/instances/" + id).as(admin).send();
                assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
                assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
                assertThat(deleted.json().get("subscriptionsLeftAtShopify").valueStream()
                        .map(left -> left.get("topic").asString()).toList())
                        .containsExactlyInAnyOrder("orders/create", "app/uninstalled");
                assertThat(deleted.json().get("subscriptionsLeftAtShopify").get(0).get("reason").asString()).contains("503");
                assertThat(deleted.json().get("message").asString())
                        .contains("Shopify did not remove 2 of its 2 webhook subscription(s)").contains("tries again");
                assertThat(api.get(API + "/instances/" + id).as(admin).send().status()).isEqualTo(404);
                assertThat(shopify.subscriptions()).hasSize(2);

                // Shopify recovers: the left-overs go without anyone asking again.
                shopify.emulator().admin().clearFaults();
                for (int i = 0; i < 100 && !shopify.subscriptions().isEmpty(); i++) {
                    Thread.sleep(100);
                }
                assertThat(shopify.subscriptions()).isEmpty();
            }
        }

        @Test
        void configuration_is_listed_masked_and_changed_one_key_at_a_time() {
            long id = createSeedInstance("orders/create").get("id").asLong();
            Answer listed = api.get(API + "/instances/" + id + "/configuration").as(admin).send();
            assertThat(listed.status()).isEqualTo(200);
            assertNoSecretIn(listed);
            JsonNode callback = null;
            for (JsonNode entry : listed.json()) {
                if (entry.get("key").asString().equals("event.notification.callback.url")) {
                    callback = entry;
                }
            }
            assertThat(callback).isNotNull();
            Answer patched = api.patch(API + "/instances/" + id + "/configuration/" + callback.get("id").asLong(),
                    "{\"propertyValue\": \"https://other.example.com/events\"}").as(admin).send();
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            assertThat(patched.json().get("propertyValue").asString()).isEqualTo("https://other.example.com/events");
            assertThat(api.get(API + "/instances/" + id).as(admin).send().json().get("configuration")
                    .get("event.notification.callback.url").asString()).isEqualTo("https://other.example.com/events");
            Answer invalid = api.patch(API + "/instances/" + id + "/configuration/" + callback.get("id").asLong(),
                    "{\"propertyValue\": \"not a url\"}").as(admin).send();
            assertThat(invalid.status()).isEqualTo(400);
        }

        @Test
        void instances_are_filtered_by_tags_and_paged() {
            createSeedInstance("orders/create");
            JsonNode second = createSeedInstance("orders/create");
            api.patch(API + "/instances/" + second.get("id").asLong(), "{\"tags\": [\"other\"]}").as(admin).send();
            assertThat(api.get(API + "/instances?tags%5B%5D=seed").as(admin).send().json()).hasSize(1);
            assertThat(api.get(API + "/instances?tags%5B%5D=other").as(admin).send().json().get(0).get("id").asLong())
                    .isEqualTo(second.get("id").asLong());
            assertThat(api.get(API + "/instances?tags%5B%5D=seed&tags%5B%5D=other").as(admin).send().json()).isEmpty();
            Answer page = api.get(API + "/instances?pageSize=1").as(admin).send();
            assertThat(page.json()).hasSize(1);
            assertThat(page.header("Elements-Next-Page-Token")).isNotBlank();
        }

        @Test
        void rate_limited_shopify_still_gets_the_instance_made() {
            // Drain the app's GraphQL bucket at the emulator: Tributary must wait, not fail.
            String code = shopify.authorizationCode();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            try {
                http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(shopify.emulator().baseUrl()
                                + "/_emulator/shops/mystore/graphql-bucket"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"clientId\": \"" + EmulatedShopify.CLIENT_ID + "\", \"available\": 0}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            double waitsBefore = throttleWaits();
            long started = System.nanoTime();
            Answer created = api.post(API + "/instances", seedBody(code, "orders/create")).as(admin).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            assertThat(shopify.subscriptions()).hasSize(2);
            // It waited for the bucket to refill (at 100 points/s, a 10-point mutation means about 100 ms) and said so.
            assertThat(throttleWaits()).isGreaterThan(waitsBefore);
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(50);
        }

        /** How many times Tributary waited for Shopify's GraphQL bucket, from its Prometheus metrics. */
        double throttleWaits() {
            return api.get("/actuator/prometheus").send().body().lines()
                    .filter(line -> line.startsWith("tributary_shopify_throttle_waits_seconds_count{") && line.contains("api=\"graphql\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }

        @Test
        void another_accounts_instances_are_not_found_and_their_tokens_do_not_work() {
            long id = createSeedInstance("orders/create").get("id").asLong();
            String token = api.get(API + "/instances/" + id).as(admin).send().json().get("token").asString();
            long otherAccount = api.post(API + "/accounts", "{\"name\": \"Other " + System.nanoTime() + "\"}").as(admin)
                    .send().json().get("id").asLong();
            Credentials outsider = new Credentials(api.post(API + "/accounts/" + otherAccount + "/users",
                    "{\"email\": \"outsider" + System.nanoTime() + "@example.com\"}").as(admin).send().json()
                    .get("secret").asString(), admin.organization());

            List<Answer> answers = new ArrayList<>(List.of(
                    api.get(API + "/instances/" + id).as(outsider).send(),
                    api.patch(API + "/instances/" + id, "{\"name\": \"mine\"}").as(outsider).send(),
                    api.call("DELETE", API + "/instances/" + id).as(outsider).send(),
                    api.get(API + "/instances/" + id + "/configuration").as(outsider).send(),
                    api.patch(API + "/instances/" + id + "/configuration/1", "{\"propertyValue\": \"x\"}").as(outsider).send()));
            for (Answer answer : answers) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            }
            assertThat(api.get(API + "/instances").as(outsider).send().json()).isEmpty();
            assertThat(api.get(API + "/instances/" + id).as(admin).send().json().get("name").asString())
                    .isEqualTo("My Shopify store");

            // The instance token works with its own user, and for nobody else.
            assertThat(api.get(API + "/instances/" + id).header("Authorization",
                    "User " + admin.user() + ", Element " + token).send().status()).isEqualTo(200);
            assertThat(api.get(API + "/accounts/me").header("Authorization",
                    "User " + outsider.user() + ", Element " + token).send().status()).isEqualTo(401);
        }

        @Test
        void a_field_no_call_takes_is_a_400_naming_it_and_changes_nothing() {
            JsonNode instance = createSeedInstance("orders/create");
            long id = instance.get("id").asLong();
            Answer typo = api.patch(API + "/instances/" + id, "{\"nmae\": \"x\"}").as(admin).send();
            assertThat(typo.status()).as(typo.toString()).isEqualTo(400);
            assertThat(typo.json().get("message").asString())
                    .isEqualTo("Unknown field in the request body: 'nmae'; accepted: name, tags, configuration");
            assertThat(api.get(API + "/instances/" + id).as(admin).send().json().get("updatedDate"))
                    .isEqualTo(instance.get("updatedDate"));

            Answer created = api.post(API + "/instances", seedBody(shopify.authorizationCode(), "orders/create")
                    .replace("\"name\": \"My Shopify store\"", "\"name\": \"x\", \"colour\": \"blue\"")).as(admin).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(400);
            assertThat(created.json().get("message").asString()).contains("'colour'")
                    .contains("element, providerData, configuration, tags, name");
            assertThat(api.get(API + "/instances").as(admin).send().json()).hasSize(1);

            Answer entry = api.patch(API + "/instances/" + id + "/configuration/1", "{\"propertyValue\": \"x\", \"id\": 2}")
                    .as(admin).send();
            assertThat(entry.status()).isEqualTo(400);
            assertThat(entry.json().get("message").asString()).contains("'id'");

            Answer account = api.post(API + "/accounts", "{\"name\": \"Typo\", \"externalID\": \"x\"}").as(admin).send();
            assertThat(account.status()).isEqualTo(400);
            assertThat(account.json().get("message").asString())
                    .isEqualTo("Unknown field in the request body: 'externalID'; accepted: externalId, name");
        }

        @Test
        void an_element_token_without_the_organization_secret_reads_its_own_instance_and_nothing_more() {
            long id = createSeedInstance("orders/create").get("id").asLong();
            long other = createSeedInstance("orders/create").get("id").asLong();
            String token = api.get(API + "/instances/" + id).as(admin).send().json().get("token").asString();
            String scoped = "User " + admin.user() + ", Element " + token;

            for (String path : List.of("/instances/" + id, "/instances/" + id + "/configuration",
                    "/instances/" + id + "/events", "/notifications/subscriptions/deliveries", "/elements/shopify")) {
                Answer answer = api.get(API + path).header("Authorization", scoped).send();
                assertThat(answer.status()).as(path + ": " + answer).isEqualTo(200);
            }
            assertThat(api.get(API + "/instances/" + id).header("Authorization", scoped).send().json().get("id").asLong())
                    .isEqualTo(id);

            String before = api.get(API + "/instances").as(admin).send().body();
            List<Answer> refused = List.of(
                    api.get(API + "/instances/" + other).header("Authorization", scoped).send(),
                    api.get(API + "/instances/" + other + "/events").header("Authorization", scoped).send(),
                    api.get(API + "/instances").header("Authorization", scoped).send(),
                    api.patch(API + "/instances/" + id, "{\"name\": \"taken\"}").header("Authorization", scoped).send(),
                    api.call("DELETE", API + "/instances/" + id).header("Authorization", scoped).send(),
                    api.post(API + "/instances", seedBody("code", "orders/create")).header("Authorization", scoped).send(),
                    api.get(API + "/accounts/me").header("Authorization", scoped).send(),
                    api.get(API + "/accounts").header("Authorization", scoped).send(),
                    api.post(API + "/accounts", "{\"name\": \"x\"}").header("Authorization", scoped).send(),
                    api.get(API + "/accounts/1/settings").header("Authorization", scoped).send(),
                    api.patch(API + "/accounts/1/settings", "{\"notification.webhook.failure.policy\": \"queue\"}")
                            .header("Authorization", scoped).send(),
                    api.call("PUT", API + "/notifications/subscriptions/deliveries").header("Authorization", scoped).send(),
                    api.get(API + "/notifications/subscriptions").header("Authorization", scoped).send());
            for (Answer answer : refused) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
                assertThat(answer.json().get("message").asString()).as(answer.toString())
                        .contains("'User <secret>, Organization <secret>'");
            }
            assertThat(api.get(API + "/instances").as(admin).send().body()).isEqualTo(before);
            assertThat(api.get(API + "/accounts/1/settings").as(admin).send().json()
                    .get("notification.webhook.failure.policy").asString()).isEqualTo("retry");

            // With the organization secret as well, the call acts for the account.
            Answer full = api.patch(API + "/instances/" + other, "{\"name\": \"Renamed\"}").header("Authorization",
                    ApiClient.authorization(admin) + ", Element " + token).send();
            assertThat(full.status()).as(full.toString()).isEqualTo(200);

            Answer userOnly = api.get(API + "/instances/" + id).header("Authorization", "User " + admin.user()).send();
            assertThat(userOnly.status()).isEqualTo(401);
            assertThat(userOnly.json().get("message").asString()).startsWith("Authorization header has no Organization part");
        }

        @Test
        void a_token_shopify_refuses_marks_the_instance_not_valid_and_says_why() {
            long id = createSeedInstance("orders/create").get("id").asLong();
            assertThat(api.get(API + "/instances/" + id).as(admin).send().json().get("invalidReason").isNull()).isTrue();
            // The merchant removes the app: its token stops working and Shopify drops its subscriptions.
            shopify.emulator().state().uninstall(shopify.shop(), EmulatedShopify.CLIENT_ID);

            Answer patched = api.patch(API + "/instances/" + id,
                    "{\"configuration\": {\"shopify.webhook.topics\": \"orders/create, products/update\"}}").as(admin).send();
            assertThat(patched.status()).as(patched.toString()).isEqualTo(422);
            assertThat(patched.json().get("message").asString()).contains("no longer accepts").contains("not valid");
            assertThat(patched.json().get("providerMessage").asString()).isNotBlank();
            JsonNode instance = api.get(API + "/instances/" + id).as(admin).send().json();
            assertThat(instance.get("valid").asBoolean()).isFalse();
            assertThat(instance.get("invalidReason").asString()).contains("HTTP 401").contains("connect the shop again");

            // Its subscriptions went with the app: deleting it leaves nothing to retry.
            Answer deleted = api.call("DELETE", API + "/instances/" + id).as(admin).send();
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json().get("subscriptionsLeftAtShopify")).isEmpty();
        }

        void assertNoSecretIn(Answer answer) {
            assertThat(answer.body()).doesNotContain(EmulatedShopify.CLIENT_SECRET).doesNotContain(SIGNATURE_KEY)
                    .doesNotContain("shpat_");
        }
    }
}
