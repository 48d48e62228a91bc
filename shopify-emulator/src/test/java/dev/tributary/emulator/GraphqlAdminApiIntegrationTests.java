package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GraphqlAdminApiIntegrationTests {

    private static final String SHOP = "graphql-shop";
    private static final String PATH = "/" + SHOP + "/admin/api/2025-10/graphql.json";
    private static final String ALL_SCOPES = "read_orders,read_customers,write_products,read_inventory";

    private static final String CREATE = """
            mutation Create($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
              webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
                webhookSubscription {
                  id topic format includeFields createdAt updatedAt uri callbackUrl filter
                  apiVersion { handle }
                  endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } }
                }
                userErrors { field message }
              }
            }""";

    private static final String LIST = """
            query List($first: Int, $after: String, $last: Int, $before: String, $topics: [WebhookSubscriptionTopic!], $url: URL) {
              webhookSubscriptions(first: $first, after: $after, last: $last, before: $before, topics: $topics, callbackUrl: $url) {
                edges { cursor node { id topic uri } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }""";

    private static ShopifyEmulator emulator;
    private static EmulatorTestClient client;
    private String token;

    @BeforeAll
    static void start() {
        emulator = ShopifyEmulator.start();
        client = new EmulatorTestClient(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void installApp() {
        emulator.reset();
        client.createApp("app-a", "secret-a");
        client.createShop(SHOP);
        token = client.install(SHOP, "app-a", ALL_SCOPES);
    }

    @Test
    void a_created_subscription_is_answered_and_seen_by_the_emulator() {
        JsonNode payload = create(token, "ORDERS_CREATE", Map.of("callbackUrl", "https://hooks.example/orders",
                "format", "JSON", "includeFields", List.of("id", "note"), "filter", "total_price:>100"))
                .get("data").get("webhookSubscriptionCreate");

        assertThat(payload.get("userErrors")).isEmpty();
        JsonNode sub = payload.get("webhookSubscription");
        assertThat(sub.get("id").asString()).matches("gid://shopify/WebhookSubscription/\\d+");
        assertThat(sub.get("topic").asString()).isEqualTo("ORDERS_CREATE");
        assertThat(sub.get("format").asString()).isEqualTo("JSON");
        assertThat(sub.get("uri").asString()).isEqualTo("https://hooks.example/orders");
        assertThat(sub.get("callbackUrl").asString()).isEqualTo("https://hooks.example/orders");
        assertThat(sub.get("endpoint").get("__typename").asString()).isEqualTo("WebhookHttpEndpoint");
        assertThat(sub.get("endpoint").get("callbackUrl").asString()).isEqualTo("https://hooks.example/orders");
        assertThat(sub.get("includeFields").toString()).isEqualTo("[\"id\",\"note\"]");
        assertThat(sub.get("filter").asString()).isEqualTo("total_price:>100");
        assertThat(sub.get("apiVersion").get("handle").asString()).isEqualTo("2025-10");
        assertThat(sub.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        JsonNode seen = client.get("/_emulator/shops/" + SHOP + "/subscriptions").json();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).get("graphqlId").asString()).isEqualTo(sub.get("id").asString());
        assertThat(seen.get(0).get("topic").asString()).isEqualTo("orders/create");
        assertThat(seen.get(0).get("address").asString()).isEqualTo("https://hooks.example/orders");
        assertThat(seen.get(0).get("clientId").asString()).isEqualTo("app-a");
    }

    @Test
    void the_newer_uri_input_makes_a_subscription_too() {
        JsonNode sub = create(token, "PRODUCTS_UPDATE", Map.of("uri", "https://hooks.example/products"))
                .get("data").get("webhookSubscriptionCreate").get("webhookSubscription");
        assertThat(sub.get("uri").asString()).isEqualTo("https://hooks.example/products");
    }

    @Test
    void lists_page_by_page_forwards_and_backwards_with_cursors() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createdId(create(token, "ORDERS_CREATE", Map.of("callbackUrl", "https://hooks.example/" + i))));
        }

        List<String> seen = new ArrayList<>();
        String after = null;
        List<Boolean> hasNext = new ArrayList<>();
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", 2);
            variables.put("after", after);
            JsonNode connection = graphql(token, LIST, variables).json().get("data").get("webhookSubscriptions");
            connection.get("edges").forEach(edge -> seen.add(edge.get("node").get("id").asString()));
            hasNext.add(connection.get("pageInfo").get("hasNextPage").asBoolean());
            after = connection.get("pageInfo").get("endCursor").asString();
        } while (hasNext.get(hasNext.size() - 1));
        assertThat(seen).isEqualTo(created);
        assertThat(hasNext).containsExactly(true, true, false);

        Map<String, Object> back = new HashMap<>();
        back.put("last", 2);
        back.put("before", cursorOf(created.get(4)));
        JsonNode page = graphql(token, LIST, back).json().get("data").get("webhookSubscriptions");
        assertThat(ids(page)).containsExactly(created.get(2), created.get(3));
        assertThat(page.get("pageInfo").get("hasPreviousPage").asBoolean()).isTrue();
        assertThat(page.get("pageInfo").get("hasNextPage").asBoolean()).isTrue();
    }

    @Test
    void filters_by_topics_and_by_callback_url() {
        String orders = createdId(create(token, "ORDERS_CREATE", Map.of("callbackUrl", "https://hooks.example/a")));
        String customers = createdId(create(token, "CUSTOMERS_CREATE", Map.of("callbackUrl", "https://hooks.example/b")));
        String paid = createdId(create(token, "ORDERS_PAID", Map.of("callbackUrl", "https://hooks.example/a")));

        JsonNode byTopic = graphql(token, LIST, Map.of("first", 10, "topics", List.of("ORDERS_CREATE", "CUSTOMERS_CREATE")))
                .json().get("data").get("webhookSubscriptions");
        assertThat(ids(byTopic)).containsExactly(orders, customers);

        JsonNode byUrl = graphql(token, LIST, Map.of("first", 10, "url", "https://hooks.example/a"))
                .json().get("data").get("webhookSubscriptions");
        assertThat(ids(byUrl)).containsExactly(orders, paid);
    }

    @Test
    void gets_one_by_id_and_counts_them() {
        String id = createdId(create(token, "APP_UNINSTALLED", Map.of("callbackUrl", "https://hooks.example/bye")));
        createdId(create(token, "SHOP_UPDATE", Map.of("callbackUrl", "https://hooks.example/shop")));

        JsonNode data = graphql(token, """
                query($id: ID!) {
                  webhookSubscription(id: $id) { id topic }
                  missing: webhookSubscription(id: "gid://shopify/WebhookSubscription/1") { id }
                  webhookSubscriptionsCount { count precision }
                  shop { myshopifyDomain }
                }""", Map.of("id", id)).json().get("data");
        assertThat(data.get("webhookSubscription").get("topic").asString()).isEqualTo("APP_UNINSTALLED");
        assertThat(data.get("missing").isNull()).isTrue();
        assertThat(data.get("webhookSubscriptionsCount").get("count").asInt()).isEqualTo(2);
        assertThat(data.get("webhookSubscriptionsCount").get("precision").asString()).isEqualTo("EXACT");
        assertThat(data.get("shop").get("myshopifyDomain").asString()).isEqualTo(SHOP + ".myshopify.com");
    }

    @Test
    void updates_the_address_and_deletes() {
        String id = createdId(create(token, "ORDERS_CREATE", Map.of("callbackUrl", "https://hooks.example/old")));

        JsonNode updated = graphql(token, """
                mutation($id: ID!) { webhookSubscriptionUpdate(id: $id, webhookSubscription: {callbackUrl: "https://hooks.example/new"}) {
                  webhookSubscription { id uri } userErrors { field message } } }""", Map.of("id", id))
                .json().get("data").get("webhookSubscriptionUpdate");
        assertThat(updated.get("userErrors")).isEmpty();
        assertThat(updated.get("webhookSubscription").get("uri").asString()).isEqualTo("https://hooks.example/new");
        assertThat(client.get("/_emulator/shops/" + SHOP + "/subscriptions").json().get(0).get("address").asString())
                .isEqualTo("https://hooks.example/new");

        JsonNode deleted = delete(token, id).json().get("data").get("webhookSubscriptionDelete");
        assertThat(deleted.get("deletedWebhookSubscriptionId").asString()).isEqualTo(id);
        assertThat(deleted.get("userErrors")).isEmpty();
        assertThat(client.get("/_emulator/shops/" + SHOP + "/subscriptions").json()).isEmpty();
    }

    @Test
    void refusals_come_back_as_user_errors_with_http_200() {
        create(token, "ORDERS_CREATE", Map.of("callbackUrl", "https://hooks.example/taken"));
        String other = createdId(create(token, "ORDERS_CREATE", Map.of("callbackUrl", "https://hooks.example/other")));

        assertThat(createUserErrors(Map.of("callbackUrl", "https://hooks.example/taken")))
                .isEqualTo("[{\"field\":[\"webhookSubscription\",\"callbackUrl\"],\"message\":\"Address for this topic has already been taken\"}]");
        assertThat(createUserErrors(Map.of("callbackUrl", "not an address")))
                .isEqualTo("[{\"field\":[\"webhookSubscription\",\"callbackUrl\"],\"message\":\"Address is invalid\"}]");
        assertThat(createUserErrors(Map.of("uri", "ftp://hooks.example/x")))
                .isEqualTo("[{\"field\":[\"webhookSubscription\",\"uri\"],\"message\":\"Address is invalid\"}]");
        assertThat(createUserErrors(Map.of("format", "JSON")))
                .isEqualTo("[{\"field\":[\"webhookSubscription\",\"callbackUrl\"],\"message\":\"Address can't be blank\"}]");

        EmulatorTestClient.Answer takenOnUpdate = graphql(token, """
                mutation($id: ID!) { webhookSubscriptionUpdate(id: $id, webhookSubscription: {callbackUrl: "https://hooks.example/taken"}) {
                  webhookSubscription { id } userErrors { field message } } }""", Map.of("id", other));
        assertThat(takenOnUpdate.status()).isEqualTo(200);
        assertThat(takenOnUpdate.json().get("data").get("webhookSubscriptionUpdate").get("userErrors").get(0)
                .get("message").asString()).isEqualTo("Address for this topic has already been taken");

        JsonNode missingUpdate = graphql(token, """
                mutation { webhookSubscriptionUpdate(id: "gid://shopify/WebhookSubscription/42", webhookSubscription: {callbackUrl: "https://hooks.example/x"}) {
                  webhookSubscription { id } userErrors { field message } } }""", Map.of())
                .json().get("data").get("webhookSubscriptionUpdate");
        assertThat(missingUpdate.get("webhookSubscription").isNull()).isTrue();
        assertThat(missingUpdate.get("userErrors").toString())
                .isEqualTo("[{\"field\":[\"id\"],\"message\":\"Webhook subscription does not exist\"}]");

        JsonNode missingDelete = delete(token, "gid://shopify/WebhookSubscription/42").json().get("data")
                .get("webhookSubscriptionDelete");
        assertThat(missingDelete.get("deletedWebhookSubscriptionId").isNull()).isTrue();
        assertThat(missingDelete.get("userErrors").toString())
                .isEqualTo("[{\"field\":[\"id\"],\"message\":\"Webhook subscription does not exist\"}]");
    }

    @Test
    void an_unknown_topic_is_a_query_error_not_a_user_error() {
        EmulatorTestClient.Answer literal = graphql(token, """
                mutation { webhookSubscriptionCreate(topic: ORDERS_EXPLODED, webhookSubscription: {callbackUrl: "https://hooks.example/x"}) {
                  userErrors { message } } }""", Map.of());
        assertThat(literal.status()).isEqualTo(200);
        JsonNode error = literal.json().get("errors").get(0);
        assertThat(error.get("message").asString()).contains("ORDERS_EXPLODED");
        assertThat(error.get("extensions").get("code").asString()).isEqualTo("argumentLiteralsIncompatible");
        assertThat(error.get("locations").get(0).get("line").asInt()).isEqualTo(1);
        assertThat(literal.json().has("data")).isFalse();

        JsonNode variable = create(token, "ORDERS_EXPLODED", Map.of("callbackUrl", "https://hooks.example/x"));
        assertThat(variable.get("errors").get(0).get("extensions").get("code").asString()).isEqualTo("INVALID_VARIABLE");
        assertThat(client.get("/_emulator/shops/" + SHOP + "/subscriptions").json()).isEmpty();
    }

    @Test
    void syntax_errors_and_unknown_fields_are_answered_as_errors() {
        EmulatorTestClient.Answer syntax = graphql(token, "{ shop { id ", Map.of());
        assertThat(syntax.status()).isEqualTo(200);
        JsonNode parse = syntax.json().get("errors").get(0);
        assertThat(parse.get("extensions").get("code").asString()).isEqualTo("PARSE_ERROR");
        assertThat(parse.get("locations")).isNotEmpty();

        JsonNode unknown = graphql(token, "{ shop { id } orders(first: 1) { nodes { id } } }", Map.of()).json();
        assertThat(unknown.get("errors").get(0).get("message").asString())
                .isEqualTo("Field 'orders' doesn't exist on type 'QueryRoot'");
        assertThat(unknown.get("errors").get(0).get("extensions").get("code").asString()).isEqualTo("undefinedField");
        assertThat(unknown.has("data")).isFalse();

        JsonNode noPageSize = graphql(token, "{ webhookSubscriptions { nodes { id } } }", Map.of()).json();
        assertThat(noPageSize.get("errors").get(0).get("message").asString()).isEqualTo("you must provide one of first or last");
    }

    @Test
    void a_body_that_is_not_json_or_has_no_query_is_a_400() {
        EmulatorTestClient.Answer notJson = client.post(PATH, "{query: shop", "X-Shopify-Access-Token", token);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().has("errors")).isTrue();

        EmulatorTestClient.Answer noQuery = client.post(PATH, Map.of("variables", Map.of()), "X-Shopify-Access-Token", token);
        assertThat(noQuery.status()).isEqualTo(400);
        assertThat(noQuery.json().get("errors").get("query").asString()).isEqualTo("Required parameter missing or invalid");
    }

    @Test
    void a_raw_application_graphql_body_is_accepted() {
        EmulatorTestClient.Answer answer = client.post(PATH, "{ shop { myshopifyDomain } }",
                "X-Shopify-Access-Token", token, "Content-Type", "application/graphql");
        assertThat(answer.json().get("data").get("shop").get("myshopifyDomain").asString())
                .isEqualTo(SHOP + ".myshopify.com");
    }

    @Test
    void a_missing_or_wrong_token_is_a_401_and_an_unknown_shop_a_404() {
        Map<String, Object> body = Map.of("query", "{ shop { id } }");
        assertThat(client.post(PATH, body).status()).isEqualTo(401);
        EmulatorTestClient.Answer wrong = client.post(PATH, body, "X-Shopify-Access-Token", "shpat_wrong");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("errors").asString()).contains("Invalid API key or access token");
        assertThat(client.post("/no-such-shop/admin/api/2025-10/graphql.json", body, "X-Shopify-Access-Token", token)
                .status()).isEqualTo(404);
    }

    @Test
    void one_app_neither_sees_nor_changes_another_apps_subscriptions() {
        String id = createdId(create(token, "ORDERS_CREATE", Map.of("callbackUrl", "https://hooks.example/a")));
        client.createApp("app-b", "secret-b");
        String otherToken = client.install(SHOP, "app-b", ALL_SCOPES);

        JsonNode data = graphql(otherToken, """
                query($id: ID!) { webhookSubscription(id: $id) { id }
                  webhookSubscriptions(first: 10) { nodes { id } } webhookSubscriptionsCount { count } }""",
                Map.of("id", id)).json().get("data");
        assertThat(data.get("webhookSubscription").isNull()).isTrue();
        assertThat(data.get("webhookSubscriptions").get("nodes")).isEmpty();
        assertThat(data.get("webhookSubscriptionsCount").get("count").asInt()).isZero();

        JsonNode deleted = delete(otherToken, id).json().get("data").get("webhookSubscriptionDelete");
        assertThat(deleted.get("userErrors").get(0).get("message").asString()).isEqualTo("Webhook subscription does not exist");
        assertThat(client.get("/_emulator/shops/" + SHOP + "/subscriptions").json()).hasSize(1);

        // The same address and topic is no clash across apps.
        assertThat(createdId(create(otherToken, "ORDERS_CREATE", Map.of("callbackUrl", "https://hooks.example/a"))))
                .isNotEqualTo(id);
    }

    @Test
    void a_topic_needs_the_read_scope_of_its_resource() {
        client.createApp("app-products", "secret-p");
        String productsOnly = client.install(SHOP, "app-products", "read_products");

        JsonNode denied = create(productsOnly, "ORDERS_CREATE", Map.of("callbackUrl", "https://hooks.example/o"));
        assertThat(denied.get("errors").get(0).get("extensions").get("code").asString()).isEqualTo("ACCESS_DENIED");
        assertThat(denied.get("errors").get(0).get("message").asString()).contains("read_orders");
        assertThat(denied.get("data").get("webhookSubscriptionCreate").isNull()).isTrue();

        assertThat(createdId(create(productsOnly, "PRODUCTS_CREATE", Map.of("callbackUrl", "https://hooks.example/p"))))
                .startsWith("gid://shopify/WebhookSubscription/");
        assertThat(createdId(create(productsOnly, "APP_UNINSTALLED", Map.of("callbackUrl", "https://hooks.example/u"))))
                .startsWith("gid://shopify/WebhookSubscription/");
    }

    @Test
    void every_answer_reports_its_cost_and_the_bucket() {
        create(token, "ORDERS_CREATE", Map.of("callbackUrl", "https://hooks.example/a"));
        create(token, "ORDERS_PAID", Map.of("callbackUrl", "https://hooks.example/a"));

        JsonNode cost = graphql(token, LIST, Map.of("first", 10)).json().get("extensions").get("cost");
        assertThat(cost.get("requestedQueryCost").asInt()).isEqualTo(2 + 10);
        assertThat(cost.get("actualQueryCost").asInt()).isEqualTo(2 + 2);
        JsonNode throttle = cost.get("throttleStatus");
        assertThat(throttle.get("maximumAvailable").asDouble()).isEqualTo(2000.0);
        assertThat(throttle.get("restoreRate").asDouble()).isEqualTo(100.0);
        assertThat(throttle.get("currentlyAvailable").asInt()).isBetween(1970, 2000);

        JsonNode mutation = create(token, "ORDERS_CANCELLED", Map.of("callbackUrl", "https://hooks.example/a"))
                .get("extensions").get("cost");
        assertThat(mutation.get("requestedQueryCost").asInt()).isEqualTo(10);
        assertThat(mutation.get("actualQueryCost").asInt()).isEqualTo(10);

        JsonNode invalid = graphql(token, "{ nope }", Map.of()).json();
        assertThat(invalid.get("extensions").get("cost").get("throttleStatus").has("currentlyAvailable")).isTrue();
    }

    @Test
    void a_query_dearer_than_the_single_query_limit_is_refused() {
        JsonNode answer = graphql(token, """
                { a: webhookSubscriptions(first: 250) { nodes { id apiVersion { handle } } }
                  b: webhookSubscriptions(first: 250) { nodes { id apiVersion { handle } } } }""", Map.of()).json();
        assertThat(answer.get("errors").get(0).get("extensions").get("code").asString()).isEqualTo("MAX_COST_EXCEEDED");
        assertThat(answer.get("extensions").get("cost").get("requestedQueryCost").asInt()).isEqualTo(1004);
        assertThat(answer.has("data")).isFalse();
    }

    @Test
    void a_tiny_bucket_throttles_with_http_200_and_runs_nothing() {
        try (ShopifyEmulator tiny = ShopifyEmulator.start(EmulatorSettings.defaults().withGraphqlBucket(25, 0.5))) {
            EmulatorTestClient tinyClient = new EmulatorTestClient(tiny);
            tinyClient.createApp("app-a", "secret-a");
            tinyClient.createShop(SHOP);
            String tinyToken = tinyClient.install(SHOP, "app-a", ALL_SCOPES);
            String tinyPath = tiny.baseUrl() + PATH;

            for (int i = 0; i < 2; i++) {
                EmulatorTestClient.Answer ok = tinyClient.post(tinyPath, createBody("https://hooks.example/" + i),
                        "X-Shopify-Access-Token", tinyToken);
                assertThat(ok.json().has("errors")).as(ok.toString()).isFalse();
            }
            EmulatorTestClient.Answer throttled = tinyClient.post(tinyPath, createBody("https://hooks.example/3"),
                    "X-Shopify-Access-Token", tinyToken);
            assertThat(throttled.status()).isEqualTo(200);
            JsonNode body = throttled.json();
            assertThat(body.get("errors").get(0).get("message").asString()).isEqualTo("Throttled");
            assertThat(body.get("errors").get(0).get("extensions").get("code").asString()).isEqualTo("THROTTLED");
            assertThat(body.has("data")).isFalse();
            JsonNode cost = body.get("extensions").get("cost");
            assertThat(cost.get("requestedQueryCost").asInt()).isEqualTo(10);
            assertThat(cost.get("actualQueryCost").isNull()).isTrue();
            assertThat(cost.get("throttleStatus").get("maximumAvailable").asDouble()).isEqualTo(25.0);
            assertThat(cost.get("throttleStatus").get("currentlyAvailable").asInt()).isLessThan(10);
            assertThat(tinyClient.get("/_emulator/shops/" + SHOP + "/subscriptions").json()).hasSize(2);
        }
    }

    @Test
    void the_control_route_empties_a_bucket_for_client_tests() {
        EmulatorTestClient.Answer set = client.post("/_emulator/shops/" + SHOP + "/graphql-bucket",
                Map.of("clientId", "app-a", "available", 5));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("currentlyAvailable").asInt()).isEqualTo(5);

        JsonNode cheap = graphql(token, "{ shop { id } }", Map.of()).json();
        assertThat(cheap.has("errors")).isFalse();
        assertThat(cheap.get("extensions").get("cost").get("actualQueryCost").asInt()).isEqualTo(1);

        // 252 points: the default bucket restores 100 a second, so this stays out of reach for over two seconds.
        JsonNode throttled = graphql(token, LIST, Map.of("first", 250)).json();
        assertThat(throttled.get("errors").get(0).get("extensions").get("code").asString()).isEqualTo("THROTTLED");
        assertThat(throttled.get("extensions").get("cost").get("requestedQueryCost").asInt()).isEqualTo(252);
        assertThat(throttled.get("extensions").get("cost").get("throttleStatus").get("currentlyAvailable").asInt())
                .isLessThan(252);

        assertThat(client.post("/_emulator/shops/" + SHOP + "/graphql-bucket", Map.of("clientId", "nobody", "available", 5))
                .status()).isEqualTo(404);
        assertThat(client.post("/_emulator/shops/nowhere/graphql-bucket", Map.of("clientId", "app-a", "available", 5))
                .status()).isEqualTo(404);
        assertThat(client.post("/_emulator/shops/" + SHOP + "/graphql-bucket", Map.of("clientId", "app-a"))
                .status()).isEqualTo(400);
    }

    private static Map<String, Object> createBody(String url) {
        return Map.of("query", CREATE, "variables",
                Map.of("topic", "ORDERS_CREATE", "sub", Map.of("callbackUrl", url)));
    }

    private static EmulatorTestClient.Answer graphql(String accessToken, String query, Map<String, Object> variables) {
        return client.post(PATH, Map.of("query", query, "variables", variables), "X-Shopify-Access-Token", accessToken);
    }

    private static JsonNode create(String accessToken, String topic, Map<String, Object> input) {
        EmulatorTestClient.Answer answer = graphql(accessToken, CREATE, Map.of("topic", topic, "sub", input));
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private String createUserErrors(Map<String, Object> input) {
        JsonNode payload = create(token, "ORDERS_CREATE", input).get("data").get("webhookSubscriptionCreate");
        assertThat(payload.get("webhookSubscription").isNull()).isTrue();
        return payload.get("userErrors").toString();
    }

    private static EmulatorTestClient.Answer delete(String accessToken, String id) {
        return graphql(accessToken, """
                mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }""",
                Map.of("id", id));
    }

    private static String createdId(JsonNode answer) {
        JsonNode sub = answer.get("data").get("webhookSubscriptionCreate").get("webhookSubscription");
        assertThat(sub.isNull()).as(answer.toString()).isFalse();
        return sub.get("id").asString();
    }

    private static List<String> ids(JsonNode connection) {
        List<String> ids = new ArrayList<>();
        connection.get("edges").forEach(edge -> ids.add(edge.get("node").get("id").asString()));
        return ids;
    }

    private static String cursorOf(String gid) {
        return GraphqlAdminFields.cursor(Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1)));
    }
}
