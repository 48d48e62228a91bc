package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The emulator's own API under /_emulator, over real HTTP. */
class ControlApiIntegrationTests {

    private ShopifyEmulator emulator;
    private EmulatorTestClient client;

    @BeforeEach
    void start() {
        emulator = ShopifyEmulator.start();
        client = new EmulatorTestClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void apps_get_generated_credentials_unless_given_and_ids_are_unique() {
        JsonNode generated = client.post("/_emulator/apps", Map.of("name", "Generated")).json();
        assertThat(generated.get("clientId").asString()).hasSize(32);
        assertThat(generated.get("clientSecret").asString()).startsWith("shpss_");
        assertThat(client.createApp("fixed-id", "fixed-secret").get("clientSecret").asString()).isEqualTo("fixed-secret");
        assertThat(client.post("/_emulator/apps", Map.of("clientId", "fixed-id")).status()).isEqualTo(409);
        assertThat(client.get("/_emulator/apps").json()).hasSize(2);
    }

    @Test
    void shops_accept_handles_or_domains_and_refuse_invalid_names() {
        EmulatorTestClient.Answer created = client.post("/_emulator/shops", Map.of("name", "My-Store"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("domain").asString()).isEqualTo("my-store.myshopify.com");
        assertThat(client.post("/_emulator/shops", Map.of("name", "my-store.myshopify.com")).json().get("name").asString())
                .isEqualTo("my-store");
        assertThat(emulator.state().shops()).hasSize(1);
        for (String bad : new String[] {"-leading-dash", "has space", "../etc", "", "a.b"}) {
            assertThat(client.post("/_emulator/shops", Map.of("name", bad)).status()).as(bad).isEqualTo(400);
        }
        assertThat(client.post("/_emulator/shops", "{not json").status()).isEqualTo(400);
    }

    @Test
    void admin_faults_make_the_next_calls_fail_until_they_run_out_or_are_cleared() {
        client.createApp("app-a", "secret-a");
        client.createShop("mystore");
        String token = client.install("mystore", "app-a", "read_orders");
        String orders = "/mystore/admin/api/2025-10/orders.json";
        String graphql = "/mystore/admin/api/2025-10/graphql.json";
        assertThat(client.post("/_emulator/shops/mystore/admin-faults", Map.of("status", 503, "times", 2)).status())
                .isEqualTo(201);
        assertThat(client.get(orders, AdminAccess.TOKEN_HEADER, token).status()).isEqualTo(503);
        assertThat(client.post(graphql, Map.of("query", "{ shop { name } }"), AdminAccess.TOKEN_HEADER, token).status())
                .isEqualTo(503);
        assertThat(client.get(orders, AdminAccess.TOKEN_HEADER, token).status()).isEqualTo(200);

        client.post("/_emulator/shops/mystore/admin-faults", Map.of("status", 500));
        for (int i = 0; i < 3; i++) {
            assertThat(client.get(orders, AdminAccess.TOKEN_HEADER, token).status()).isEqualTo(500);
        }
        assertThat(client.delete("/_emulator/shops/mystore/admin-faults").status()).isEqualTo(200);
        assertThat(client.get(orders, AdminAccess.TOKEN_HEADER, token).status()).isEqualTo(200);
        assertThat(client.post("/_emulator/shops/mystore/admin-faults", Map.of("status", 200)).status()).isEqualTo(400);
    }

    @Test
    void admin_api_calls_are_counted_per_shop_refused_ones_included_until_a_reset() {
        client.createApp("app-a", "secret-a");
        client.createShop("mystore");
        client.createShop("other");
        String token = client.install("mystore", "app-a", "read_orders");
        Shop shop = emulator.state().shop("mystore").orElseThrow();
        assertThat(emulator.admin().calls(shop)).isZero();

        for (int i = 0; i < 3; i++) {
            client.post("/_emulator/shops/mystore/orders", Map.of("email", "bob" + i + "@example.com"));
        }
        EmulatorTestClient.Answer page = client.get("/mystore/admin/api/2025-10/orders.json?limit=2",
                AdminAccess.TOKEN_HEADER, token);
        assertThat(page.header("Link")).as("a page with a next one").contains("rel=\"next\"");
        assertThat(client.post("/mystore/admin/api/2025-10/graphql.json", Map.of("query", "{ shop { name } }"),
                AdminAccess.TOKEN_HEADER, token).status()).isEqualTo(200);
        assertThat(client.get("/mystore/admin/api/2025-10/orders.json", AdminAccess.TOKEN_HEADER, "wrong").status())
                .isEqualTo(401);

        assertThat(emulator.admin().calls(shop)).as("one per call, its Link included; the control API's not")
                .isEqualTo(3);
        assertThat(emulator.admin().calls(emulator.state().shop("other").orElseThrow())).isZero();
        emulator.reset();
        assertThat(emulator.admin().calls(shop)).isZero();
    }

    @Test
    void an_admin_delay_answers_every_call_late_and_counts_the_calls_waiting_at_once() throws Exception {
        client.createApp("app-a", "secret-a");
        client.createShop("mystore");
        String token = client.install("mystore", "app-a", "read_orders");
        String orders = "/mystore/admin/api/2025-10/orders.json";
        assertThat(client.post("/_emulator/shops/mystore/admin-delay", Map.of("delayMs", 300)).status()).isEqualTo(201);
        long started = System.nanoTime();
        assertThat(client.get(orders, AdminAccess.TOKEN_HEADER, token).status()).isEqualTo(200);
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(300_000_000L);
        Shop shop = emulator.state().shop("mystore").orElseThrow();
        assertThat(emulator.admin().mostDelayedAtOnce(shop)).isEqualTo(1);
        // Once per call, also for a page that links to the ones before and after it.
        for (int i = 0; i < 3; i++) {
            client.post("/_emulator/shops/mystore/orders", Map.of("email", "o" + i + "@example.com"));
        }
        EmulatorTestClient.Answer first = client.get(orders + "?limit=1", AdminAccess.TOKEN_HEADER, token);
        String next = first.header("Link").replaceAll(".*page_info=([^>&]+)>; rel=\"next\".*", "$1");
        started = System.nanoTime();
        EmulatorTestClient.Answer middle = client.get(orders + "?limit=1&page_info=" + next, AdminAccess.TOKEN_HEADER, token);
        assertThat(middle.header("Link")).contains("rel=\"previous\"").contains("rel=\"next\"");
        assertThat(System.nanoTime() - started).isBetween(300_000_000L, 599_000_000L);

        Thread[] callers = new Thread[3];
        for (int i = 0; i < callers.length; i++) {
            callers[i] = new Thread(() -> client.get(orders, AdminAccess.TOKEN_HEADER, token));
            callers[i].start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(emulator.admin().mostDelayedAtOnce(shop)).isEqualTo(3);

        assertThat(client.delete("/_emulator/shops/mystore/admin-delay").status()).isEqualTo(200);
        started = System.nanoTime();
        assertThat(client.get(orders, AdminAccess.TOKEN_HEADER, token).status()).isEqualTo(200);
        assertThat(System.nanoTime() - started).isLessThan(300_000_000L);
        assertThat(emulator.admin().mostDelayedAtOnce(shop)).isZero();
        assertThat(client.post("/_emulator/shops/mystore/admin-delay", Map.of("delayMs", 0)).status()).isEqualTo(400);
    }

    @Test
    void resources_are_created_changed_and_deleted_with_shopify_fields() {
        client.createShop("mystore");
        JsonNode order = client.post("/_emulator/shops/mystore/orders",
                Map.of("email", "bob@example.com", "total_price", "12.50")).json();
        long id = order.get("id").asLong();
        assertThat(order.get("admin_graphql_api_id").asString()).isEqualTo("gid://shopify/Order/" + id);
        assertThat(order.get("email").asString()).isEqualTo("bob@example.com");
        assertThat(order.get("financial_status").asString()).isEqualTo("pending");
        assertThat(order.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");

        JsonNode paid = client.post("/_emulator/shops/mystore/orders/" + id + "/pay", null).json();
        assertThat(paid.get("financial_status").asString()).isEqualTo("paid");
        JsonNode cancelled = client.post("/_emulator/shops/mystore/orders/" + id + "/cancel", null).json();
        assertThat(cancelled.get("cancelled_at").isNull()).isFalse();
        JsonNode changed = client.put("/_emulator/shops/mystore/orders/" + id, Map.of("note", "gift")).json();
        assertThat(changed.get("note").asString()).isEqualTo("gift");
        assertThat(changed.get("created_at").asString()).isEqualTo(order.get("created_at").asString());
        assertThat(client.get("/_emulator/shops/mystore/orders/" + id).json().get("note").asString()).isEqualTo("gift");

        assertThat(client.delete("/_emulator/shops/mystore/orders/" + id).status()).isEqualTo(200);
        assertThat(client.get("/_emulator/shops/mystore/orders/" + id).status()).isEqualTo(404);
        assertThat(client.delete("/_emulator/shops/mystore/orders/" + id).status()).isEqualTo(404);
        assertThat(client.post("/_emulator/shops/mystore/widgets", Map.of()).status()).isEqualTo(404);
        assertThat(client.post("/_emulator/shops/nosuchstore/orders", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void uninstalling_revokes_the_token_and_removes_the_apps_subscriptions() {
        client.createApp("app-a", "secret-a");
        client.createShop("mystore");
        String token = client.install("mystore", "app-a", "read_orders");
        Shop shop = emulator.state().shop("mystore").orElseThrow();
        assertThat(emulator.state().installationByToken(shop, token)).isPresent();

        assertThat(client.delete("/_emulator/shops/mystore/installations/app-a").status()).isEqualTo(200);
        assertThat(emulator.state().installationByToken(shop, token)).isEmpty();
        assertThat(shop.installation("app-a")).isEmpty();
        assertThat(client.delete("/_emulator/shops/mystore/installations/app-a").status()).isEqualTo(404);
    }

    @Test
    void reset_forgets_everything() {
        client.createApp("app-a", "secret-a");
        client.createShop("mystore");
        assertThat(client.post("/_emulator/reset", null).status()).isEqualTo(200);
        assertThat(client.get("/_emulator/apps").json()).isEmpty();
        assertThat(client.get("/_emulator/shops").json()).isEmpty();
    }

    @Test
    void unknown_paths_and_methods_answer_like_shopify() {
        EmulatorTestClient.Answer missing = client.get("/nowhere/at/all");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("errors").asString()).isEqualTo("Not Found");
        EmulatorTestClient.Answer wrongMethod = client.delete("/_emulator/apps");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).contains("GET").contains("POST");
    }
}
