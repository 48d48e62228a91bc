package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tributary.emulator.EmulatorTestClient.Answer;
import tools.jackson.databind.JsonNode;

/** An emulator with a state file, stopped and started again (on another port) over real HTTP. */
class StateFileIntegrationTests {

    private static final String SHOP = "mystore";
    private static final String API = "/" + SHOP + "/admin/api/2025-10/";
    private static final String TOKEN = "X-Shopify-Access-Token";
    private static final String SUBSCRIPTIONS = """
            { webhookSubscriptions(first: 50) { nodes { id topic uri format includeFields createdAt updatedAt } } }""";

    @TempDir
    Path dir;

    private final List<ShopifyEmulator> started = new ArrayList<>();
    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stop() {
        started.forEach(ShopifyEmulator::close);
        receiver.close();
    }

    private ShopifyEmulator start(Path stateFile) {
        ShopifyEmulator emulator = ShopifyEmulator.start(EmulatorSettings.defaults(), stateFile);
        started.add(emulator);
        return emulator;
    }

    @Test
    void a_restarted_emulator_has_the_same_apps_tokens_subscriptions_and_resources() throws Exception {
        Path file = dir.resolve("emulator.json");
        ShopifyEmulator first = start(file);
        assertThat(first.restored()).isFalse();
        EmulatorTestClient before = new EmulatorTestClient(first);
        before.post("/_emulator/apps", Map.of("clientId", "app-a", "clientSecret", "secret-a", "name", "App A",
                "complianceUrl", "https://app-a.example/compliance"));
        before.createApp("app-b", "secret-b");
        before.createShop(SHOP);
        String token = before.install(SHOP, "app-a", "write_orders,write_customers,write_products");
        String revoked = before.install(SHOP, "app-b", "read_orders");
        assertThat(before.delete("/_emulator/shops/" + SHOP + "/installations/app-b").status()).isEqualTo(200);

        JsonNode restHook = before.post(API + "webhooks.json", Map.of("webhook", Map.of("topic", "orders/create",
                "address", receiver.url("/orders"), "fields", List.of("id", "email", "order_number"))), TOKEN, token)
                .json().get("webhook");
        JsonNode graphqlHook = graphql(before, token, """
                mutation { webhookSubscriptionCreate(topic: CUSTOMERS_UPDATE,
                  webhookSubscription: {callbackUrl: "https://hooks.example/first"}) { webhookSubscription { id } } }""")
                .get("data").get("webhookSubscriptionCreate").get("webhookSubscription");
        String graphqlHookId = graphqlHook.get("id").asString();
        assertThat(graphql(before, token, "mutation { webhookSubscriptionUpdate(id: \"" + graphqlHookId
                + "\", webhookSubscription: {callbackUrl: \"https://hooks.example/moved\"}) { userErrors { message } } }")
                .get("data").get("webhookSubscriptionUpdate").get("userErrors")).isEmpty();

        long paid = before.post("/_emulator/shops/" + SHOP + "/orders", Map.of("email", "ada@example.com",
                "total_price", "12.50")).json().get("id").asLong();
        before.post("/_emulator/shops/" + SHOP + "/orders/" + paid + "/pay", null);
        before.post(API + "customers.json", Map.of("customer", Map.of("email", "bob@example.com")), TOKEN, token);
        before.post(API + "products.json", Map.of("product", Map.of("title", "Kept")), TOKEN, token);
        long gone = before.post(API + "products.json", Map.of("product", Map.of("title", "Gone")), TOKEN, token)
                .json().get("product").get("id").asLong();
        assertThat(before.delete(API + "products/" + gone + ".json", TOKEN, token).status()).isEqualTo(200);
        // Lets the order's webhook go out before the stop, so the receiver starts the second part empty.
        assertThat(receiver.await("/orders", r -> r.size() >= 1, 10_000)).hasSize(1);

        Map<String, JsonNode> seenBefore = adminView(before, token);
        JsonNode subscriptionsBefore = graphql(before, token, SUBSCRIPTIONS).get("data");
        JsonNode appsBefore = before.get("/_emulator/apps").json();
        first.close();

        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        ShopifyEmulator second = start(file);
        assertThat(second.restored()).isTrue();
        EmulatorTestClient after = new EmulatorTestClient(second);

        // The old token works against both Admin APIs, and every list reads as it did.
        assertThat(adminView(after, token)).isEqualTo(seenBefore);
        assertThat(graphql(after, token, SUBSCRIPTIONS).get("data")).isEqualTo(subscriptionsBefore);
        JsonNode restHooks = after.get(API + "webhooks.json", TOKEN, token).json().get("webhooks");
        assertThat(restHooks).extracting(h -> h.get("id").asLong(), h -> h.get("address").asString())
                .contains(org.assertj.core.groups.Tuple.tuple(restHook.get("id").asLong(), receiver.url("/orders")));
        assertThat(subscriptionsBefore.get("webhookSubscriptions").get("nodes"))
                .extracting(n -> n.get("id").asString(), n -> n.get("uri").asString())
                .contains(org.assertj.core.groups.Tuple.tuple(graphqlHookId, "https://hooks.example/moved"));
        assertThat(after.get("/_emulator/apps").json()).isEqualTo(appsBefore);
        assertThat(after.get(API + "orders.json", TOKEN, revoked).status()).isEqualTo(401);
        assertThat(after.get(API + "products/" + gone + ".json", TOKEN, token).status()).isEqualTo(404);

        // A new order gets an id past every restored one, the next order number, and reaches the restored subscription.
        long highest = highestId(seenBefore);
        JsonNode order = after.post("/_emulator/shops/" + SHOP + "/orders", Map.of("email", "eve@example.com")).json();
        assertThat(order.get("id").asLong()).isGreaterThan(highest);
        assertThat(order.get("order_number").asLong()).isEqualTo(
                seenBefore.get("orders").get("orders").get(0).get("order_number").asLong() + 1);
        JsonNode customer = after.post(API + "customers.json", Map.of("customer", Map.of()), TOKEN, token).json();
        assertThat(customer.get("customer").get("id").asLong()).isGreaterThan(order.get("id").asLong());
        List<WebhookReceiver.Received> delivered = receiver.await("/orders", r -> r.size() >= 2, 10_000);
        assertThat(delivered).hasSize(2);
        JsonNode payload = EmulatorTestClient.JSON.readTree(delivered.get(1).body());
        assertThat(payload.get("id").asLong()).isEqualTo(order.get("id").asLong());
        assertThat(delivered.get(1).header("X-Shopify-Hmac-Sha256"))
                .isEqualTo(ShopifyHmac.webhook("secret-a", delivered.get(1).body()));
    }

    @Test
    void changes_reach_the_file_shortly_without_a_close() throws Exception {
        Path file = dir.resolve("state").resolve("emulator.json");
        ShopifyEmulator running = start(file);
        EmulatorTestClient client = new EmulatorTestClient(running);
        client.createApp("app-a", "secret-a");
        client.createShop(SHOP);
        String token = client.install(SHOP, "app-a", "read_orders");
        for (int i = 0; i < 20; i++) {
            client.post("/_emulator/shops/" + SHOP + "/orders", Map.of());
        }
        // Written within DELAY of the last change; the rest is slack for a busy machine.
        long deadline = System.currentTimeMillis() + 2_000;
        while (System.currentTimeMillis() < deadline && !fileHasOrders(file, 20)) {
            Thread.sleep(20);
        }
        assertThat(fileHasOrders(file, 20)).as("the state file holds the 20 orders soon after they were made").isTrue();

        // What a kill would leave behind now: a copy taken while the first emulator still runs.
        ShopifyEmulator copy = start(Files.copy(file, dir.resolve("left-by-a-kill.json")));
        EmulatorTestClient copyClient = new EmulatorTestClient(copy);
        assertThat(copy.restored()).isTrue();
        assertThat(copyClient.get(API + "orders/count.json", TOKEN, token).json().get("count").asInt()).isEqualTo(20);
    }

    @Test
    void a_reset_is_kept_too() {
        Path file = dir.resolve("emulator.json");
        ShopifyEmulator first = start(file);
        EmulatorTestClient client = new EmulatorTestClient(first);
        client.createApp("app-a", "secret-a");
        client.createShop(SHOP);
        client.post("/_emulator/reset", null);
        first.close();

        EmulatorTestClient after = new EmulatorTestClient(start(file));
        assertThat(after.get("/_emulator/apps").json()).isEmpty();
        assertThat(after.get("/_emulator/shops").json()).isEmpty();
    }

    @Test
    void an_unreadable_file_fails_the_start_naming_the_file_and_is_left_as_it_was() throws Exception {
        Path corrupt = Files.writeString(dir.resolve("corrupt.json"), "{\"version\": 1, \"apps\": [");
        assertThatThrownBy(() -> start(corrupt))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(corrupt.toAbsolutePath().toString());
        assertThat(Files.readString(corrupt)).isEqualTo("{\"version\": 1, \"apps\": [");

        Path inconsistent = Files.writeString(dir.resolve("inconsistent.json"), """
                {"version": 1, "nextId": 5, "apps": [], "shops": [{"name": "mystore", "lastOrderNumber": 1000,
                  "installations": [{"clientId": "nobody", "accessToken": "shpat_x", "scopes": []}],
                  "resources": {}, "subscriptions": []}]}""");
        assertThatThrownBy(() -> start(inconsistent))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(inconsistent.toAbsolutePath().toString())
                .hasMessageContaining("unknown app nobody");

        Path nothing = Files.writeString(dir.resolve("null.json"), "null");
        assertThatThrownBy(() -> start(nothing)).hasMessageContaining(nothing.toAbsolutePath().toString());

        Path empty = Files.createFile(dir.resolve("empty.json"));
        assertThatThrownBy(() -> start(empty)).hasMessageContaining(empty.toAbsolutePath().toString());
        assertThat(Files.size(empty)).isZero();
    }

    /** Every list the REST Admin API gives the app, as the app reads it. */
    private static Map<String, JsonNode> adminView(EmulatorTestClient client, String token) {
        Map<String, JsonNode> view = new java.util.TreeMap<>();
        for (String list : List.of("orders", "customers", "products", "webhooks")) {
            Answer answer = client.get(API + list + ".json", TOKEN, token);
            assertThat(answer.status()).as(list).isEqualTo(200);
            assertThat(answer.json().get(list)).as(list).isNotEmpty();
            view.put(list, answer.json());
        }
        return view;
    }

    private static long highestId(Map<String, JsonNode> view) {
        return view.entrySet().stream()
                .flatMap(e -> StreamSupport.stream(e.getValue().get(e.getKey()).spliterator(), false))
                .mapToLong(node -> node.get("id").asLong())
                .max().orElseThrow();
    }

    private static JsonNode graphql(EmulatorTestClient client, String token, String query) {
        Answer answer = client.post(API + "graphql.json", Map.of("query", query), TOKEN, token);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().has("errors")).as(answer.body()).isFalse();
        return answer.json();
    }

    private static boolean fileHasOrders(Path file, int count) {
        try {
            JsonNode state = EmulatorTestClient.JSON.readTree(Files.readString(file));
            return state.get("shops").get(0).get("resources").get("orders").size() == count;
        } catch (Exception e) {
            return false;
        }
    }
}
