package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tributary.emulator.EmulatorTestClient.Answer;
import tools.jackson.databind.JsonNode;

class RestAdminApiIntegrationTests {

    private static final String SHOP = "mystore";
    private static final String CLIENT_ID = "rest-app";
    private static final String TOKEN_HEADER = "X-Shopify-Access-Token";
    private static final Pattern LINK = Pattern.compile("<([^>]+)>; rel=\"(next|previous)\"");

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
        client.createApp(CLIENT_ID, "shpss_rest");
        client.createShop(SHOP);
        token = client.install(SHOP, CLIENT_ID, "write_orders,write_customers,write_products");
    }

    // Access

    @Test
    void should_answer_401_without_a_valid_token() {
        Answer missing = client.get(api("orders.json"));
        Answer wrong = client.get(api("orders.json"), TOKEN_HEADER, "shpat_not-a-token");

        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("errors").asString()).contains("Invalid API key or access token");
    }

    @Test
    void should_answer_401_to_a_token_of_another_shop() {
        client.createShop("othershop");
        String otherToken = client.install("othershop", CLIENT_ID, "read_orders");

        assertThat(client.get(api("orders.json"), TOKEN_HEADER, otherToken).status()).isEqualTo(401);
    }

    @Test
    void should_answer_404_for_an_unknown_shop() {
        assertThat(client.get("/nosuchshop/admin/api/2025-10/orders.json", TOKEN_HEADER, token).status())
                .isEqualTo(404);
    }

    @Test
    void should_answer_403_to_a_token_without_the_read_scope() {
        String customersOnly = client.install(SHOP, CLIENT_ID, "read_customers");

        Answer orders = client.get(api("orders.json"), TOKEN_HEADER, customersOnly);
        Answer customers = client.get(api("customers.json"), TOKEN_HEADER, customersOnly);

        assertThat(orders.status()).isEqualTo(403);
        assertThat(orders.json().get("errors").asString()).contains("read_orders");
        assertThat(orders.header(RestAdminApi.CALL_LIMIT_HEADER)).isEqualTo("1/40");
        assertThat(customers.status()).isEqualTo(200);
    }

    @Test
    void should_answer_403_to_a_write_with_only_the_read_scope() {
        String readOnly = client.install(SHOP, CLIENT_ID, "read_orders");

        Answer created = client.post(api("orders.json"), Map.of("order", Map.of("email", "a@example.com")),
                TOKEN_HEADER, readOnly);

        assertThat(created.status()).isEqualTo(403);
        assertThat(created.json().get("errors").asString()).contains("write_orders");
        assertThat(client.get(api("orders/count.json"), TOKEN_HEADER, readOnly).json().get("count").asInt()).isZero();
    }

    // Webhooks

    @Test
    void should_create_read_change_and_delete_a_webhook() {
        Answer created = client.post(api("webhooks.json"), Map.of("webhook", Map.of("topic", "orders/create",
                "address", "https://hooks.example.com/orders", "format", "json", "fields", List.of("id", "note"),
                "metafield_namespaces", List.of("custom"))), TOKEN_HEADER, token);

        assertThat(created.status()).isEqualTo(201);
        JsonNode webhook = created.json().get("webhook");
        long id = webhook.get("id").asLong();
        assertThat(webhook.get("topic").asString()).isEqualTo("orders/create");
        assertThat(webhook.get("address").asString()).isEqualTo("https://hooks.example.com/orders");
        assertThat(webhook.get("format").asString()).isEqualTo("json");
        assertThat(strings(webhook.get("fields"))).containsExactly("id", "note");
        assertThat(strings(webhook.get("metafield_namespaces"))).containsExactly("custom");
        assertThat(webhook.get("api_version").asString()).isEqualTo("2025-10");
        assertThat(webhook.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[-+]\\d\\d:\\d\\d");
        assertThat(webhook.get("updated_at").asString()).isEqualTo(webhook.get("created_at").asString());

        Answer read = client.get(api("webhooks/" + id + ".json"), TOKEN_HEADER, token);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("webhook")).isEqualTo(webhook);

        Answer changed = client.put(api("webhooks/" + id + ".json"),
                Map.of("webhook", Map.of("id", id, "address", "https://hooks.example.com/v2")), TOKEN_HEADER, token);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().at("/webhook/address").asString()).isEqualTo("https://hooks.example.com/v2");
        assertThat(changed.json().at("/webhook/topic").asString()).isEqualTo("orders/create");
        assertThat(strings(changed.json().at("/webhook/fields"))).containsExactly("id", "note");

        Answer deleted = client.delete(api("webhooks/" + id + ".json"), TOKEN_HEADER, token);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().isEmpty()).isTrue();
        assertThat(client.get(api("webhooks/" + id + ".json"), TOKEN_HEADER, token).status()).isEqualTo(404);
    }

    @Test
    void should_keep_rest_webhooks_in_the_store_graphql_shares() {
        long id = createWebhook("orders/create", "https://hooks.example.com/orders");

        assertThat(emulator.state().shop(SHOP).orElseThrow().subscriptions().get(id).clientId()).isEqualTo(CLIENT_ID);
    }

    @Test
    void should_list_and_count_webhooks_with_their_filters() {
        long first = createWebhook("orders/create", "https://hooks.example.com/a");
        long second = createWebhook("orders/updated", "https://hooks.example.com/a");
        long third = createWebhook("orders/create", "https://hooks.example.com/b");

        assertThat(ids(client.get(api("webhooks.json"), TOKEN_HEADER, token).json().get("webhooks")))
                .containsExactly(first, second, third);
        assertThat(ids(client.get(api("webhooks.json?topic=orders/create"), TOKEN_HEADER, token).json().get("webhooks")))
                .containsExactly(first, third);
        assertThat(ids(client.get(api("webhooks.json?address=" + encode("https://hooks.example.com/a")),
                TOKEN_HEADER, token).json().get("webhooks"))).containsExactly(first, second);
        assertThat(ids(client.get(api("webhooks.json?since_id=" + first + "&limit=1"), TOKEN_HEADER, token).json()
                .get("webhooks"))).containsExactly(second);
        assertThat(client.get(api("webhooks/count.json"), TOKEN_HEADER, token).json().get("count").asInt()).isEqualTo(3);
        assertThat(client.get(api("webhooks/count.json?topic=orders/updated"), TOKEN_HEADER, token).json().get("count")
                .asInt()).isEqualTo(1);

        JsonNode trimmed = client.get(api("webhooks.json?fields=id,topic"), TOKEN_HEADER, token).json().at("/webhooks/0");
        assertThat(List.copyOf(trimmed.propertyNames())).containsExactly("id", "topic");
    }

    @Test
    void should_show_an_app_only_its_own_webhooks() {
        long mine = createWebhook("orders/create", "https://hooks.example.com/a");
        client.createApp("other-app", "shpss_other");
        String otherToken = client.install(SHOP, "other-app", "read_orders");

        assertThat(client.get(api("webhooks.json"), TOKEN_HEADER, otherToken).json().get("webhooks").isEmpty()).isTrue();
        assertThat(client.get(api("webhooks/" + mine + ".json"), TOKEN_HEADER, otherToken).status()).isEqualTo(404);
        assertThat(client.delete(api("webhooks/" + mine + ".json"), TOKEN_HEADER, otherToken).status()).isEqualTo(404);
    }

    @Test
    void should_answer_422_when_the_address_is_taken_for_the_topic() {
        createWebhook("orders/create", "https://hooks.example.com/a");

        Answer again = client.post(api("webhooks.json"), Map.of("webhook",
                Map.of("topic", "orders/create", "address", "https://hooks.example.com/a")), TOKEN_HEADER, token);

        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json()).isEqualTo(EmulatorTestClient.JSON.readTree(
                "{\"errors\":{\"address\":[\"for this topic has already been taken\"]}}"));
    }

    @Test
    void should_answer_422_when_a_change_would_take_an_address_twice() {
        createWebhook("orders/create", "https://hooks.example.com/a");
        long other = createWebhook("orders/create", "https://hooks.example.com/b");

        Answer changed = client.put(api("webhooks/" + other + ".json"),
                Map.of("webhook", Map.of("address", "https://hooks.example.com/a")), TOKEN_HEADER, token);

        assertThat(changed.status()).isEqualTo(422);
        assertThat(changed.json().at("/errors/address/0").asString()).isEqualTo("for this topic has already been taken");
    }

    @Test
    void should_answer_422_on_the_topic_for_an_unknown_topic() {
        Answer created = client.post(api("webhooks.json"), Map.of("webhook",
                Map.of("topic", "orders/exploded", "address", "https://hooks.example.com/a")), TOKEN_HEADER, token);

        assertThat(created.status()).isEqualTo(422);
        assertThat(created.json().at("/errors/topic/0").asString())
                .startsWith("Invalid topic specified: orders/exploded.").contains("orders/create");
    }

    @Test
    void should_answer_422_on_the_address_for_a_bad_address() {
        Answer relative = client.post(api("webhooks.json"), Map.of("webhook",
                Map.of("topic", "orders/create", "address", "/webhooks")), TOKEN_HEADER, token);
        Answer missing = client.post(api("webhooks.json"), Map.of("webhook", Map.of("topic", "orders/create")),
                TOKEN_HEADER, token);

        assertThat(relative.status()).isEqualTo(422);
        assertThat(relative.json().at("/errors/address/0").asString()).isEqualTo("is invalid");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().at("/errors/address/0").asString()).isEqualTo("can't be blank");
    }

    @Test
    void should_answer_400_to_a_body_without_the_webhook_or_not_json() {
        Answer unwrapped = client.post(api("webhooks.json"),
                Map.of("topic", "orders/create", "address", "https://hooks.example.com/a"), TOKEN_HEADER, token);
        Answer broken = client.post(api("webhooks.json"), "{\"webhook\": {", TOKEN_HEADER, token);

        assertThat(unwrapped.status()).isEqualTo(400);
        assertThat(unwrapped.json().at("/errors/webhook").asString()).isEqualTo("Required parameter missing or invalid");
        assertThat(broken.status()).isEqualTo(400);
    }

    @Test
    void should_answer_404_for_an_unknown_webhook() {
        String path = api("webhooks/999.json");

        assertThat(client.get(path, TOKEN_HEADER, token).body()).isEqualTo("{\"errors\":\"Not Found\"}");
        assertThat(client.get(path, TOKEN_HEADER, token).status()).isEqualTo(404);
        assertThat(client.put(path, Map.of("webhook", Map.of("address", "https://hooks.example.com/a")),
                TOKEN_HEADER, token).status()).isEqualTo(404);
        assertThat(client.delete(path, TOKEN_HEADER, token).status()).isEqualTo(404);
        assertThat(client.get(api("webhooks/abc.json"), TOKEN_HEADER, token).status()).isEqualTo(404);
    }

    // Orders, customers, products

    @Test
    void should_create_read_change_and_delete_an_order() {
        Answer created = client.post(api("orders.json"),
                Map.of("order", Map.of("email", "jane@example.com", "total_price", "19.90")), TOKEN_HEADER, token);

        assertThat(created.status()).isEqualTo(201);
        long id = created.json().at("/order/id").asLong();
        assertThat(created.json().at("/order/email").asString()).isEqualTo("jane@example.com");

        Answer read = client.get(api("orders/" + id + ".json"), TOKEN_HEADER, token);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().at("/order/total_price").asString()).isEqualTo("19.90");
        assertThat(read.json().at("/order/financial_status").asString()).isEqualTo("pending");

        Answer changed = client.put(api("orders/" + id + ".json"), Map.of("order", Map.of("note", "gift wrap")),
                TOKEN_HEADER, token);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().at("/order/note").asString()).isEqualTo("gift wrap");
        assertThat(changed.json().at("/order/email").asString()).isEqualTo("jane@example.com");
        assertThat(emulator.resources().get(emulator.state().shop(SHOP).orElseThrow(), ResourceType.ORDERS, id)
                .orElseThrow().get("note").asString()).isEqualTo("gift wrap");

        Answer deleted = client.delete(api("orders/" + id + ".json"), TOKEN_HEADER, token);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{}");
        assertThat(client.get(api("orders/" + id + ".json"), TOKEN_HEADER, token).status()).isEqualTo(404);
    }

    @Test
    void should_answer_404_for_an_unknown_order() {
        assertThat(client.get(api("orders/42.json"), TOKEN_HEADER, token).status()).isEqualTo(404);
        assertThat(client.put(api("orders/42.json"), Map.of("order", Map.of("note", "x")), TOKEN_HEADER, token)
                .status()).isEqualTo(404);
        assertThat(client.delete(api("orders/42.json"), TOKEN_HEADER, token).status()).isEqualTo(404);
    }

    @Test
    void should_answer_400_to_an_order_body_without_the_order() {
        Answer created = client.post(api("orders.json"), Map.of("email", "jane@example.com"), TOKEN_HEADER, token);

        assertThat(created.status()).isEqualTo(400);
        assertThat(created.json().at("/errors/order").asString()).isEqualTo("Required parameter missing or invalid");
    }

    @Test
    void should_wrap_customers_and_products_in_their_own_names() {
        Answer customer = client.post(api("customers.json"), Map.of("customer", Map.of("first_name", "Jane")),
                TOKEN_HEADER, token);
        Answer product = client.post(api("products.json"), Map.of("product", Map.of("title", "Kettle")),
                TOKEN_HEADER, token);

        assertThat(customer.status()).isEqualTo(201);
        assertThat(product.status()).isEqualTo(201);
        assertThat(client.get(api("customers.json"), TOKEN_HEADER, token).json().at("/customers/0/first_name")
                .asString()).isEqualTo("Jane");
        assertThat(client.get(api("products/" + product.json().at("/product/id").asLong() + ".json?fields=id,title"),
                TOKEN_HEADER, token).json().get("product").size()).isEqualTo(2);
        assertThat(client.get(api("products/count.json"), TOKEN_HEADER, token).json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void should_list_only_open_orders_unless_another_status_is_asked_for() {
        long open = createOrder();
        long cancelled = createOrder();
        long closed = createOrder();
        client.post("/_emulator/shops/" + SHOP + "/orders/" + cancelled + "/cancel", Map.of());
        client.put(api("orders/" + closed + ".json"), Map.of("order", Map.of("closed_at", "2026-11-28T10:00:00-05:00")),
                TOKEN_HEADER, token);

        assertThat(orderIds("orders.json")).containsExactly(open);
        assertThat(orderIds("orders.json?status=open")).containsExactly(open);
        assertThat(orderIds("orders.json?status=cancelled")).containsExactly(cancelled);
        assertThat(orderIds("orders.json?status=closed")).containsExactly(closed);
        assertThat(orderIds("orders.json?status=any")).containsExactlyInAnyOrder(open, cancelled, closed);
        assertThat(client.get(api("orders/count.json"), TOKEN_HEADER, token).json().get("count").asInt()).isEqualTo(1);
        assertThat(client.get(api("orders/count.json?status=any"), TOKEN_HEADER, token).json().get("count").asInt())
                .isEqualTo(3);
    }

    @Test
    void should_list_orders_newest_first_and_after_since_id_oldest_first() {
        long first = createOrder();
        long second = createOrder();
        long third = createOrder();

        assertThat(orderIds("orders.json")).containsExactly(third, second, first);
        assertThat(orderIds("orders.json?since_id=" + first)).containsExactly(second, third);
        assertThat(orderIds("orders.json?ids=" + first + "," + third)).containsExactly(third, first);
    }

    @Test
    void should_answer_400_to_a_time_filter_it_cannot_read() {
        Answer answer = client.get(api("orders.json?updated_at_min=last-week"), TOKEN_HEADER, token);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/errors/updated_at_min").isMissingNode()).isFalse();
    }

    @Test
    void should_page_through_recent_orders_by_following_the_link_header() throws InterruptedException {
        List<Long> older = List.of(createOrder(), createOrder());
        Instant boundary = waitForTheNextSecond();
        List<Long> recent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            recent.add(createOrder());
        }
        client.post("/_emulator/shops/" + SHOP + "/orders/" + recent.get(2) + "/cancel", Map.of());
        String since = OffsetDateTime.ofInstant(boundary, emulator.settings().shopZone()).format(ShopResources.TIME);

        List<Long> seen = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        String url = api("orders.json?status=any&limit=3&updated_at_min=" + encode(since));
        Map<String, String> links = Map.of();
        while (url != null) {
            Answer page = client.get(url, TOKEN_HEADER, token);
            assertThat(page.status()).as(url).isEqualTo(200);
            seen.addAll(ids(page.json().get("orders")));
            pages.add(url);
            links = links(page.header("Link"));
            url = links.get("next");
        }

        List<Long> newestFirst = new ArrayList<>(recent);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst).doesNotContainAnyElementsOf(older);
        assertThat(pages).hasSize(3);
        assertThat(pages.subList(1, 3)).allSatisfy(next -> assertThat(next)
                .startsWith(emulator.baseUrl() + "/" + SHOP + "/admin/api/2025-10/orders.json?limit=3&page_info="));
        assertThat(pageLinks.get(1)).as("Link headers name the shop's own host, as Shopify's do")
                .startsWith("<https://" + SHOP + ".myshopify.com/admin/api/2025-10/orders.json?limit=3&page_info=");
        Answer back = client.get(links.get("previous"), TOKEN_HEADER, token);
        assertThat(ids(back.json().get("orders"))).containsExactlyElementsOf(newestFirst.subList(3, 6));
        assertThat(links(back.header("Link"))).containsKeys("previous", "next");
    }

    @Test
    void should_not_link_a_single_page() {
        createOrder();

        Answer page = client.get(api("orders.json?limit=3"), TOKEN_HEADER, token);

        assertThat(page.header("Link")).isNull();
    }

    @Test
    void should_let_a_page_info_request_add_only_limit_and_fields() {
        createOrder();
        createOrder();
        Answer first = client.get(api("orders.json?limit=1&status=any"), TOKEN_HEADER, token);
        String next = links(first.header("Link")).get("next");

        Answer withStatus = client.get(next + "&status=any", TOKEN_HEADER, token);
        Answer withFields = client.get(next.replace("limit=1", "limit=5") + "&fields=id", TOKEN_HEADER, token);

        assertThat(withStatus.status()).isEqualTo(400);
        assertThat(withStatus.json().at("/errors/status").asString())
                .startsWith("status cannot be passed when page_info is present");
        assertThat(withFields.status()).isEqualTo(200);
        assertThat(withFields.json().at("/orders/0").size()).isEqualTo(1);
    }

    @Test
    void should_answer_400_to_a_page_info_it_did_not_hand_out() {
        createOrder();
        createOrder();
        String ordersNext = links(client.get(api("orders.json?limit=1"), TOKEN_HEADER, token).header("Link")).get("next");

        Answer madeUp = client.get(api("orders.json?page_info=eyJsaXN0Ijoib3JkZXJzIn0"), TOKEN_HEADER, token);
        Answer otherList = client.get(ordersNext.replace("/orders.json", "/customers.json"), TOKEN_HEADER, token);

        assertThat(madeUp.status()).isEqualTo(400);
        assertThat(madeUp.json().at("/errors/page_info").asString()).isEqualTo("Invalid value.");
        assertThat(otherList.status()).isEqualTo(400);
    }

    @Test
    void should_answer_at_most_two_hundred_fifty_however_many_are_asked_for() {
        Shop shop = emulator.state().shop(SHOP).orElseThrow();
        for (int i = 0; i < 251; i++) {
            emulator.resources().create(shop, ResourceType.PRODUCTS, null);
        }

        Answer page = client.get(api("products.json?limit=300"), TOKEN_HEADER, token);

        assertThat(page.json().get("products").size()).isEqualTo(250);
        assertThat(links(page.header("Link")).get("next")).contains("limit=250&");
        assertThat(client.get(api("products.json"), TOKEN_HEADER, token).json().get("products").size()).isEqualTo(50);
    }

    // Call limit

    @Test
    void should_count_calls_in_the_call_limit_header() {
        List<String> used = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            used.add(client.get(api("orders/count.json"), TOKEN_HEADER, token).header(RestAdminApi.CALL_LIMIT_HEADER));
        }

        assertThat(used).containsExactly("1/40", "2/40", "3/40");
    }

    @Test
    void should_answer_429_with_retry_after_once_the_bucket_is_full() {
        Answer filled = client.post("/_emulator/shops/" + SHOP + "/rate-limit", Map.of("clientId", CLIENT_ID, "used", 40));

        Answer throttled = client.get(api("orders.json"), TOKEN_HEADER, token);

        assertThat(filled.status()).isEqualTo(200);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isEqualTo("2.0");
        assertThat(throttled.header(RestAdminApi.CALL_LIMIT_HEADER)).isEqualTo("40/40");
        assertThat(throttled.json().get("errors").asString()).isEqualTo(
                "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.");
    }

    @Test
    void should_keep_one_apps_bucket_apart_from_anothers() {
        client.createApp("other-app", "shpss_other");
        String otherToken = client.install(SHOP, "other-app", "read_orders");
        client.post("/_emulator/shops/" + SHOP + "/rate-limit", Map.of("clientId", CLIENT_ID, "used", 40));

        Answer other = client.get(api("orders.json"), TOKEN_HEADER, otherToken);

        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header(RestAdminApi.CALL_LIMIT_HEADER)).isEqualTo("1/40");
    }

    @Test
    void should_word_the_429_after_the_configured_leak_rate() {
        try (ShopifyEmulator slow = ShopifyEmulator.start(EmulatorSettings.defaults().withRestBucket(3, 0.5))) {
            EmulatorTestClient slowClient = new EmulatorTestClient(slow);
            slowClient.createApp(CLIENT_ID, "shpss_rest");
            slowClient.createShop(SHOP);
            String slowToken = slowClient.install(SHOP, CLIENT_ID, "read_orders");
            String path = "/" + SHOP + "/admin/api/2025-10/orders.json";

            List<String> used = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                used.add(slowClient.get(path, TOKEN_HEADER, slowToken).header(RestAdminApi.CALL_LIMIT_HEADER));
            }
            Answer throttled = slowClient.get(path, TOKEN_HEADER, slowToken);

            assertThat(used).containsExactly("1/3", "2/3", "3/3");
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.json().get("errors").asString()).startsWith("Exceeded 0.5 calls per second");
            assertThat(throttled.header(RestAdminApi.CALL_LIMIT_HEADER)).isEqualTo("3/3");
        }
    }

    @Test
    void should_refuse_to_fill_a_bucket_wrongly() {
        assertThat(client.post("/_emulator/shops/nosuchshop/rate-limit", Map.of("clientId", CLIENT_ID, "used", 1))
                .status()).isEqualTo(404);
        assertThat(client.post("/_emulator/shops/" + SHOP + "/rate-limit", Map.of("clientId", CLIENT_ID, "used", 41))
                .status()).isEqualTo(400);
        assertThat(client.post("/_emulator/shops/" + SHOP + "/rate-limit", Map.of("used", 1)).status()).isEqualTo(400);
    }

    // Helpers

    private static String api(String path) {
        return "/" + SHOP + "/admin/api/2025-10/" + path;
    }

    private long createWebhook(String topic, String address) {
        Answer created = client.post(api("webhooks.json"), Map.of("webhook", Map.of("topic", topic, "address", address)),
                TOKEN_HEADER, token);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().at("/webhook/id").asLong();
    }

    private long createOrder() {
        Answer created = client.post(api("orders.json"), Map.of("order", Map.of("email", "jane@example.com")),
                TOKEN_HEADER, token);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().at("/order/id").asLong();
    }

    private List<Long> orderIds(String path) {
        Answer answer = client.get(api(path), TOKEN_HEADER, token);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return ids(answer.json().get("orders"));
    }

    private static List<Long> ids(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(item -> item.get("id").asLong()).toList();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    /**
     * rel to URL, from a Link header, with the shop's host mapped to the emulator as a client does;
     * empty when there is none.
     */
    private Map<String, String> links(String header) {
        Map<String, String> links = new java.util.HashMap<>();
        if (header != null) {
            pageLinks.add(header);
            Matcher matcher = LINK.matcher(header);
            while (matcher.find()) {
                links.put(matcher.group(2), matcher.group(1).replaceFirst("^https://([a-z0-9-]+)\\.myshopify\\.com",
                        emulator.baseUrl() + "/$1"));
            }
        }
        return links;
    }

    /** Every Link header seen, as sent. */
    private final List<String> pageLinks = new ArrayList<>();

    /** Resources carry times to the second, so a filter can only tell apart what lies in different seconds. */
    private static Instant waitForTheNextSecond() throws InterruptedException {
        Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        while (Instant.now().isBefore(next)) {
            Thread.sleep(20);
        }
        return next;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
