package dev.tributary.hub;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tributary.emulator.ResourceType;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hub resources over real HTTP: Tributary on each storage engine reads the emulator's orders,
 * customers and products through an instance's token, as a client with {@code Element <token>} asks.
 */
class HubResourcesIntegrationTests {

    static final String HUB = API + "/hubs/ecommerce";
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** One retry after a 5xx or 429, so a fault armed for two calls fails a whole hub call. */
    static final int MAX_ATTEMPTS = 2;

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
        long instanceId;
        String instanceToken;

        abstract TestStore newStore();

        @BeforeAll
        void start() {
            store = newStore();
            shopify = EmulatedShopify.start();
            service = RunningService.start(store, Map.of(
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.shopify.max-attempts", String.valueOf(MAX_ATTEMPTS),
                    "tributary.public-url", "https://tributary.example.com"));
            api = service.client();
            admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
        }

        @AfterAll
        void stop() {
            for (AutoCloseable closeable : new AutoCloseable[] {service, shopify, store}) {
                try {
                    if (closeable != null) {
                        closeable.close();
                    }
                } catch (Exception e) {
                    // the next one still closes
                }
            }
        }

        /** A fresh instance (its install replaces the previous token at the shop) and an empty shop. */
        @BeforeEach
        void freshInstanceAndShop() {
            shopify.emulator().admin().clearFaults();
            for (ResourceType type : ResourceType.values()) {
                shopify.shop().resources(type).clear();
            }
            JsonNode instance = createInstance(admin, shopify.authorizationCode());
            instanceId = instance.get("id").asLong();
            instanceToken = instance.get("token").asString();
        }

        JsonNode createInstance(Credentials credentials, String code) {
            Answer created = api.post(API + "/instances", """
                    {
                      "element": {"key": "shopify"},
                      "providerData": {"code": "%s"},
                      "configuration": {
                        "oauth.api.key": "%s",
                        "oauth.api.secret": "%s",
                        "event.notification.enabled": false,
                        "shopify.site.address": "mystore"
                      },
                      "name": "Hub store"
                    }
                    """.formatted(code, EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET)).as(credentials).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            return created.json();
        }

        /** A hub call as a client makes it: the user's secret and the instance's token. */
        Answer hub(String pathAndQuery) {
            return api.get(HUB + pathAndQuery).header("Authorization",
                    "User " + admin.user() + ", Element " + instanceToken).send();
        }

        Answer list(String resource, String where, String more) {
            return hub("/" + resource + "?where=" + URLEncoder.encode(where, StandardCharsets.UTF_8) + more);
        }

        ObjectNode create(ResourceType type, String fieldsJson) {
            return shopify.emulator().resources().create(shopify.shop(), type, (ObjectNode) JSON.readTree(fieldsJson));
        }

        /** An order whose times are set as given, as the emulator now holds it. */
        JsonNode orderAt(String createdAt, String updatedAt) {
            long id = create(ResourceType.ORDERS, "{\"email\": \"timed@example.com\"}").get("id").asLong();
            ObjectNode stored = shopify.shop().resources(ResourceType.ORDERS).get(id);
            stored.put("created_at", createdAt);
            stored.put("updated_at", updatedAt);
            return normalized(stored);
        }

        /** The same JSON as read from text, so numbers compare by value whatever node type held them. */
        static JsonNode normalized(JsonNode node) {
            return JSON.readTree(JSON.writeValueAsString(node));
        }

        static List<Long> ids(Answer answer) {
            return answer.json().valueStream().map(node -> node.get("id").asLong()).toList();
        }

        static long id(JsonNode node) {
            return node.get("id").asLong();
        }

        double restThrottleWaits() {
            return api.get("/actuator/prometheus").send().body().lines()
                    .filter(line -> line.startsWith("tributary_shopify_throttle_waits_seconds_count{")
                            && line.contains("api=\"rest\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }

        @Test
        void orders_customers_and_products_come_back_exactly_as_shopify_has_them() {
            ObjectNode order = create(ResourceType.ORDERS, "{\"email\": \"ada@example.com\", \"total_price\": \"42.00\","
                    + " \"line_items\": [{\"title\": \"Tea\", \"quantity\": 2, \"price\": \"21.00\"}]}");
            ObjectNode customer = create(ResourceType.CUSTOMERS, "{\"email\": \"ada@example.com\", \"first_name\": \"Ada\"}");
            ObjectNode product = create(ResourceType.PRODUCTS, "{\"title\": \"Tea\", \"vendor\": \"Leaf & Co\"}");

            for (ObjectNode expected : List.of(order, customer, product)) {
                String resource = expected == order ? "orders" : expected == customer ? "customers" : "products";
                Answer listed = hub("/" + resource);
                assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
                assertThat(listed.json()).isEqualTo(JSON.createArrayNode().add(normalized(expected)));
                assertThat(listed.header("Elements-Next-Page-Token")).isNull();

                Answer one = hub("/" + resource + "/" + id(expected));
                assertThat(one.status()).as(one.toString()).isEqualTo(200);
                assertThat(one.json()).isEqualTo(normalized(expected));
            }
            // The organization's secret may come along too.
            Answer full = api.get(HUB + "/orders/" + id(order)).header("Authorization",
                    ApiClient.authorization(admin) + ", Element " + instanceToken).send();
            assertThat(full.status()).as(full.toString()).isEqualTo(200);
            assertThat(full.json().get("email").asString()).isEqualTo("ada@example.com");
        }

        @Test
        void orders_of_every_status_are_listed_unless_where_asks_for_one() {
            long open = id(create(ResourceType.ORDERS, "{}"));
            long cancelled = id(create(ResourceType.ORDERS, "{}"));
            shopify.emulator().resources().cancelOrder(shopify.shop(), cancelled, null);

            assertThat(ids(hub("/orders"))).containsExactlyInAnyOrder(open, cancelled);
            assertThat(ids(list("orders", "status = 'cancelled'", ""))).containsExactly(cancelled);
            assertThat(ids(list("orders", "status = 'open'", ""))).containsExactly(open);
            assertThat(ids(list("orders", "status = 'closed'", ""))).isEmpty();
        }

        @Test
        void seven_orders_in_pages_of_three_come_back_once_each_in_three_pages() {
            List<Long> made = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                made.add(id(create(ResourceType.ORDERS, "{\"email\": \"o" + i + "@example.com\"}")));
            }
            List<Long> seen = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            String token = null;
            do {
                Answer page = hub("/orders?pageSize=3" + (token == null ? "" : "&nextPage=" + token));
                assertThat(page.status()).as(page.toString()).isEqualTo(200);
                sizes.add(page.json().size());
                seen.addAll(ids(page));
                token = page.header("Elements-Next-Page-Token");
            } while (token != null && sizes.size() < 5);

            assertThat(sizes).containsExactly(3, 3, 1);
            assertThat(seen).hasSize(7).containsExactlyInAnyOrderElementsOf(made);
        }

        @Test
        void a_where_is_kept_across_pages_and_a_bad_page_token_or_size_is_a_400() {
            for (int i = 0; i < 5; i++) {
                create(ResourceType.CUSTOMERS, "{}");
            }
            long sinceId = ids(hub("/customers")).get(1);
            Answer first = list("customers", "since_id = " + sinceId, "&pageSize=2");
            assertThat(ids(first)).hasSize(2).allMatch(id -> id > sinceId);
            Answer second = list("customers", "since_id = " + sinceId, "&pageSize=2&nextPage="
                    + first.header("Elements-Next-Page-Token"));
            assertThat(ids(second)).hasSize(1).allMatch(id -> id > sinceId).doesNotContainAnyElementsOf(ids(first));
            assertThat(second.header("Elements-Next-Page-Token")).isNull();

            Answer badToken = hub("/customers?nextPage=bm90LW91cnM");
            assertThat(badToken.status()).isEqualTo(400);
            assertThat(badToken.json().get("message").asString()).isEqualTo("nextPage is not a token this server gave out");
            Answer otherList = hub("/products?nextPage=" + first.header("Elements-Next-Page-Token"));
            assertThat(otherList.status()).isEqualTo(400);
            assertThat(otherList.json().get("message").asString()).contains("continues a list of customers");
            for (String size : List.of("0", "251", "many")) {
                Answer bad = hub("/customers?pageSize=" + size);
                assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
                assertThat(bad.json().get("message").asString()).startsWith("pageSize must be");
            }
            assertThat(ids(hub("/customers?pageSize=250"))).hasSize(5);
        }

        @Test
        void every_filter_reaches_shopify() {
            JsonNode early = orderAt("2026-11-01T10:00:00Z", "2026-11-20T10:00:00Z");
            JsonNode middle = orderAt("2026-11-10T10:00:00Z", "2026-11-28T10:00:00Z");
            JsonNode late = orderAt("2026-11-25T10:00:00+01:00", "2026-11-29T10:00:00Z");

            assertThat(list("orders", "updated_at_min = '2026-11-28T10:00:00Z'", "").json())
                    .containsExactlyInAnyOrder(middle, late);
            assertThat(ids(list("orders", "updated_at_max = '2026-11-28T09:59:59Z'", ""))).containsExactly(id(early));
            assertThat(ids(list("orders", "created_at_min = '2026-11-10T10:00:00Z'", "")))
                    .containsExactlyInAnyOrder(id(middle), id(late));
            // 10:00 at +01:00 is 09:00Z: an offset is honoured, not dropped.
            assertThat(ids(list("orders", "created_at_max = '2026-11-25T09:30:00Z'", "")))
                    .containsExactlyInAnyOrder(id(early), id(middle), id(late));
            assertThat(ids(list("orders", "created_at_max = '2026-11-25T08:30:00Z'", "")))
                    .containsExactlyInAnyOrder(id(early), id(middle));
            assertThat(ids(list("orders", "created_at_min = '2026-11-05T00:00:00Z' and updated_at_max = '2026-11-28T10:00:00Z'", "")))
                    .containsExactly(id(middle));
            assertThat(ids(list("orders", "since_id = " + id(early), ""))).containsExactlyInAnyOrder(id(middle), id(late));
            assertThat(ids(list("orders", "ids = '" + id(early) + "," + id(late) + "'", "")))
                    .containsExactlyInAnyOrder(id(early), id(late));
            assertThat(ids(list("orders", "ids in (" + id(middle) + ")", ""))).containsExactly(id(middle));
            assertThat(ids(list("orders", "updated_at_min = '2026-11-28T10:00:00Z' and status = 'any'", "")))
                    .containsExactlyInAnyOrder(id(middle), id(late));
        }

        @Test
        void each_bad_where_is_a_400_naming_the_problem_and_shopify_is_not_called() {
            Map<String, String> problems = Map.of(
                    "updated_since = '2026-11-28T10:00:00Z'", "unknown field 'updated_since' at position 0",
                    "since_id = 1 status = 'any'", "expects 'and' between terms at position 13",
                    "updated_at_min = '2026-11-28 10:00'", "updated_at_min '2026-11-28 10:00' is not an ISO-8601 time with an offset",
                    "created_at_min = '2026-11-28T10:00:00'", "created_at_min '2026-11-28T10:00:00'",
                    "since_id = 1 and since_id = 2", "gives since_id twice",
                    "status = 'paid'", "status 'paid' is not an order status",
                    "ids = '1,two'", "ids takes a whole number id, not 'two'");
            problems.forEach((where, problem) -> {
                // Armed for every attempt of one call: the first call to reach Shopify gets the 502.
                shopify.emulator().admin().failNext(shopify.shop(), 500, MAX_ATTEMPTS);
                Answer refused = list("orders", where, "");
                assertThat(refused.status()).as(where + " -> " + refused).isEqualTo(400);
                assertThat(refused.json().get("message").asString()).as(where).contains(problem);

                Answer next = hub("/orders");
                assertThat(next.status()).as("the fault was still armed after " + where + ": " + next).isEqualTo(502);
                shopify.emulator().admin().clearFaults();
            });
            Answer statusOfCustomers = list("customers", "status = 'any'", "");
            assertThat(statusOfCustomers.status()).isEqualTo(400);
            assertThat(statusOfCustomers.json().get("message").asString()).contains("status filters orders only");
        }

        @Test
        void a_token_shopify_refuses_is_a_422_and_the_instance_is_marked_not_valid() {
            shopify.emulator().state().uninstall(shopify.shop(), EmulatedShopify.CLIENT_ID);

            Answer refused = hub("/orders");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().get("message").asString()).contains("no longer accepts").contains("not valid");
            assertThat(refused.json().get("providerMessage").asString()).contains("Invalid API key or access token");
            JsonNode instance = api.get(API + "/instances/" + instanceId).as(admin).send().json();
            assertThat(instance.get("valid").asBoolean()).isFalse();
            assertThat(instance.get("invalidReason").asString()).contains("HTTP 401");
        }

        @Test
        void shopify_failing_is_a_502_with_its_words() {
            shopify.emulator().admin().failNext(shopify.shop(), 503, MAX_ATTEMPTS);
            Answer failed = hub("/products");
            assertThat(failed.status()).as(failed.toString()).isEqualTo(502);
            assertThat(failed.json().get("message").asString()).contains("mystore.myshopify.com").contains("503");
            assertThat(failed.json().get("providerMessage").asString()).isEqualTo("Internal Server Error");
            // One failure is retried by the client: the caller does not see it.
            create(ResourceType.PRODUCTS, "{\"title\": \"Tea\"}");
            shopify.emulator().admin().failNext(shopify.shop(), 503, 1);
            assertThat(ids(hub("/products"))).hasSize(1);
        }

        @Test
        void a_full_rate_limit_bucket_is_waited_out_and_a_lasting_one_is_a_503_with_retry_after() throws Exception {
            long order = id(create(ResourceType.ORDERS, "{}"));
            double waitsBefore = restThrottleWaits();
            HttpResponse<String> filled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(shopify.emulator().baseUrl() + "/_emulator/shops/mystore/rate-limit"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"clientId\": \"" + EmulatedShopify.CLIENT_ID + "\", \"used\": 40}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(filled.statusCode()).as(filled.body()).isEqualTo(200);
            assertThat(JSON.readTree(filled.body()).get("used").asInt()).isEqualTo(40);

            Answer listed = hub("/orders");
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            assertThat(ids(listed)).containsExactly(order);
            assertThat(restThrottleWaits()).isGreaterThan(waitsBefore);

            shopify.emulator().admin().failNext(shopify.shop(), 429, MAX_ATTEMPTS);
            Answer throttled = hub("/orders/" + order);
            assertThat(throttled.status()).as(throttled.toString()).isEqualTo(503);
            assertThat(throttled.header("Retry-After")).isEqualTo("2");
            assertThat(throttled.json().get("message").asString()).contains("rate limiting");
        }

        @Test
        void unknown_objects_and_resources_and_bad_ids_are_named() {
            Answer missing = hub("/orders/123");
            assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
            assertThat(missing.json().get("message").asString()).isEqualTo("No order 123 at mystore.myshopify.com");
            Answer unknown = hub("/invoices");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("message").asString()).contains("orders, customers and products");
            Answer badId = hub("/customers/abc");
            assertThat(badId.status()).isEqualTo(400);
            assertThat(badId.json().get("message").asString()).contains("'abc' is not a customer id");
        }

        @Test
        void a_scope_the_app_was_not_granted_is_a_403_with_shopifys_words() {
            JsonNode ordersOnly = createInstance(admin, shopify.authorizationCode("read_orders"));
            instanceToken = ordersOnly.get("token").asString();
            assertThat(hub("/orders").status()).isEqualTo(200);
            Answer refused = hub("/customers");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().get("message").asString()).contains("read_customers");
            assertThat(refused.json().get("providerMessage").asString()).contains("read_customers");
        }

        @Test
        void a_caller_without_an_element_token_is_told_to_add_one() {
            Answer answer = api.get(HUB + "/orders").as(admin).send();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
            assertThat(answer.json().get("message").asString()).contains("add 'Element <instance token>'");
        }

        @Test
        void another_accounts_instance_token_does_not_read_this_shop() {
            long otherAccount = api.post(API + "/accounts", "{\"name\": \"Other " + System.nanoTime() + "\"}").as(admin)
                    .send().json().get("id").asLong();
            Credentials outsider = new Credentials(api.post(API + "/accounts/" + otherAccount + "/users",
                    "{\"email\": \"outsider" + System.nanoTime() + "@example.com\"}").as(admin).send().json()
                    .get("secret").asString(), admin.organization());
            String outsidersToken = createInstance(outsider, shopify.authorizationCode()).get("token").asString();

            Answer mineWithTheirs = api.get(HUB + "/orders").header("Authorization",
                    "User " + admin.user() + ", Element " + outsidersToken).send();
            assertThat(mineWithTheirs.status()).as(mineWithTheirs.toString()).isEqualTo(401);
            Answer theirsWithMine = api.get(HUB + "/orders").header("Authorization",
                    "User " + outsider.user() + ", Element " + instanceToken).send();
            assertThat(theirsWithMine.status()).as(theirsWithMine.toString()).isEqualTo(401);
            // Their own token works for them.
            assertThat(api.get(HUB + "/orders").header("Authorization",
                    "User " + outsider.user() + ", Element " + outsidersToken).send().status()).isEqualTo(200);
        }
    }
}
