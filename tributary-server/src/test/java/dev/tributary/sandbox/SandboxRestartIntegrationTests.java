package dev.tributary.sandbox;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.PackagedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar in sandbox mode, restarted on the same port and data directory: the shop
 * connected before the restart keeps sending its events, whether Tributary was stopped or killed.
 */
class SandboxRestartIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

    @TempDir
    Path dataDir;

    @Test
    void a_connected_sandbox_shop_keeps_delivering_after_a_kill_and_after_a_stop() throws Exception {
        assertThat(PackagedServer.JAR).as("run ./mvnw package first").exists();
        int port = PackagedServer.freePort();
        Path stateFile = dataDir.resolve("sandbox-shopify.json").toAbsolutePath();
        List<Long> orders = new ArrayList<>();
        long instanceId;

        PackagedServer first = PackagedServer.start(dataDir, port, Map.of());
        try {
            assertThat(first.log()).anyMatch(line -> line.contains("Sandbox Shopify state created in " + stateFile));
            Credentials credentials = Credentials.fromFile(dataDir.resolve("bootstrap-credentials"));
            instanceId = connect(first, credentials);
            long order = createOrder(first);
            awaitDelivered(first, "orders/create", order);
            orders.add(order);
            // The kill below comes once the emulator's background write has the order: at most ~100 ms.
            awaitFileMentions(stateFile, order);
        } finally {
            first.kill();
        }

        PackagedServer afterKill = PackagedServer.start(dataDir, port, Map.of());
        try {
            assertThat(afterKill.log()).anyMatch(line -> line.contains("Sandbox Shopify state restored from " + stateFile));
            Credentials credentials = Credentials.fromFile(dataDir.resolve("bootstrap-credentials"));
            long order = createOrder(afterKill);
            awaitDelivered(afterKill, "orders/create", order);
            orders.add(order);
            // Subscribing one more topic calls the shop with the token Tributary got before the kill.
            HttpResponse<String> patched = send(afterKill.baseUrl() + API + "/instances/" + instanceId, "PATCH",
                    "{\"configuration\": {\"shopify.webhook.topics\": \"orders/create, orders/paid\"}}", credentials);
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            assertValid(afterKill, credentials, instanceId);
        } finally {
            afterKill.close();
        }

        PackagedServer afterStop = PackagedServer.start(dataDir, port, Map.of());
        try {
            assertThat(afterStop.log()).anyMatch(line -> line.contains("Sandbox Shopify state restored from " + stateFile));
            Credentials credentials = Credentials.fromFile(dataDir.resolve("bootstrap-credentials"));
            long order = createOrder(afterStop);
            awaitDelivered(afterStop, "orders/create", order);
            orders.add(order);
            // The orders/paid subscription made after the kill survived the stop, and so did its order.
            HttpResponse<String> paid = send(controlApi(afterStop) + "/shops/sandbox-shop/orders/" + orders.get(1) + "/pay",
                    "POST", "", null);
            assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
            awaitDelivered(afterStop, "orders/paid", orders.get(1));
            assertValid(afterStop, credentials, instanceId);
        } finally {
            afterStop.close();
        }
        // Ids handed out after each restart are new ones, never those of restored orders.
        assertThat(orders).doesNotHaveDuplicates().isSorted();
    }

    /** The quickstart's steps: OAuth URL, authorize (approved at once), code, {@code POST /instances}. */
    private static long connect(PackagedServer server, Credentials credentials) throws Exception {
        String callback = URLEncoder.encode("https://app.example.com/callback", StandardCharsets.UTF_8);
        HttpResponse<String> url = send(server.baseUrl() + API + "/elements/shopify/oauth/url?apiKey=sandbox-app&callbackUrl="
                + callback + "&siteAddress=sandbox-shop", "GET", null, credentials);
        assertThat(url.statusCode()).as(url.body()).isEqualTo(200);
        HttpResponse<String> authorize = send(JSON.readTree(url.body()).get("oauthUrl").asString(), "GET", null, null);
        assertThat(authorize.statusCode()).isEqualTo(302);
        Matcher code = CODE.matcher(authorize.headers().firstValue("Location").orElseThrow());
        assertThat(code.find()).isTrue();
        String body = """
                {"element": {"key": "shopify"},
                 "providerData": {"code": "%s", "shop": "sandbox-shop.myshopify.com"},
                 "configuration": {
                   "oauth.callback.url": "https://app.example.com/callback",
                   "oauth.api.key": "sandbox-app",
                   "oauth.api.secret": "sandbox-app-secret",
                   "event.notification.enabled": true,
                   "shopify.webhook.topics": "orders/create",
                   "event.notification.callback.url": "http://127.0.0.1:%d/sandbox/receiver/events",
                   "event.notification.signature.key": "MySecretEventSignatureKey"},
                 "name": "Sandbox shop"}""".formatted(code.group(1), server.port());
        HttpResponse<String> created = send(server.baseUrl() + API + "/instances", "POST", body, credentials);
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        return JSON.readTree(created.body()).get("id").asLong();
    }

    /** An order made in the sandbox shop through the emulator's control API, wherever it listens now. */
    private static long createOrder(PackagedServer server) throws Exception {
        HttpResponse<String> order = send(controlApi(server) + "/shops/sandbox-shop/orders", "POST",
                "{\"email\": \"ada@example.com\", \"total_price\": \"42.00\"}", null);
        assertThat(order.statusCode()).as(order.body()).isEqualTo(201);
        return JSON.readTree(order.body()).get("id").asLong();
    }

    private static String controlApi(PackagedServer server) throws Exception {
        return JSON.readTree(server.get("/sandbox", null).body()).get("shopify").get("controlApi").asString();
    }

    /** Waits for the sandbox receiver to get the notification of {@code topic} about that order. */
    private static void awaitDelivered(PackagedServer server, String topic, long orderId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = new ArrayList<>();
            for (JsonNode record : JSON.readTree(server.get("/sandbox/receiver", null).body())) {
                JsonNode message = JSON.readTree(record.get("body").asString()).path("message");
                seen.add(message.path("topic").asString() + " " + message.path("raw").path("id").asLong());
            }
            if (seen.contains(topic + " " + orderId)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(topic + " of order " + orderId + " never reached the receiver; it got " + seen
                + "\n" + String.join("\n", server.log()));
    }

    private static void assertValid(PackagedServer server, Credentials credentials, long instanceId) throws Exception {
        HttpResponse<String> instance = server.get(API + "/instances/" + instanceId, ApiClient.authorization(credentials));
        assertThat(instance.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(instance.body()).get("valid").asBoolean()).as(instance.body()).isTrue();
    }

    private static void awaitFileMentions(Path file, long id) throws Exception {
        for (int i = 0; i < 50; i++) {
            if (Files.exists(file) && Files.readString(file).contains(Long.toString(id))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(file + " does not mention " + id + " after 5 s");
    }

    private static HttpResponse<String> send(String url, String method, String body, Credentials credentials)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (credentials != null) {
            request.header("Authorization", ApiClient.authorization(credentials));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
