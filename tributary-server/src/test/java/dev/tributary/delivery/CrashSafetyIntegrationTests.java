package dev.tributary.delivery;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tributary.emulator.ResourceType;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.PackagedServer;
import dev.tributary.testing.RecordingReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reliability drill, run with {@code ./mvnw verify -Pdrills}, not by default: it takes about a
 * minute and depends on timing. Kill -9 under load: the packaged server is killed with SIGKILL while the emulated Shopify pushes
 * webhooks and the callback receiver fails; after a restart and the receiver's recovery, every
 * webhook the server acknowledged is delivered (checked by webhook id).
 */
@org.junit.jupiter.api.Tag("drill")
class CrashSafetyIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void every_acknowledged_webhook_is_delivered_after_a_sigkill_and_restart() throws Exception {
        try (EmulatedShopify shopify = EmulatedShopify.start(); RecordingReceiver receiver = RecordingReceiver.start()) {
            receiver.script("/events", 503);
            int port = PackagedServer.freePort();
            // A short lease, so what the killed node held is due again within the test's patience.
            Map<String, String> environment = Map.of("TRIBUTARY_SHOPIFY_BASE_URL", shopify.baseUrlTemplate(),
                    "TRIBUTARY_LOG_FORMAT", "", "TRIBUTARY_DELIVERY_LEASE", "3s");
            PackagedServer server = PackagedServer.start(dataDir, port, environment);
            Credentials admin = Credentials.fromFile(dataDir.resolve("bootstrap-credentials"));
            String authorization = ApiClient.authorization(admin);
            // Policy queue: the failing receiver queues each delivery at its first failure.
            send("PATCH", server.baseUrl() + API + "/accounts/1/settings", authorization,
                    "{\"notification.webhook.failure.policy\": \"queue\"}");
            HttpResponse<String> created = send("POST", server.baseUrl() + API + "/instances", authorization, """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.notification.enabled": true, "shopify.webhook.topics": "orders/create",
                       "event.notification.callback.url": "%s"}, "name": "Crash test"}
                    """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET,
                    receiver.url("/events")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

            AtomicBoolean pushing = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                while (pushing.get()) {
                    shopify.emulator().resources().create(shopify.shop(), ResourceType.ORDERS, JSON.createObjectNode());
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            load.start();
            Thread.sleep(1500);
            server.kill();
            Thread.sleep(500);
            pushing.set(false);
            load.join();

            receiver.script("/events", 200);
            try (PackagedServer restarted = PackagedServer.start(dataDir, port, environment)) {
                // Shopify keeps retrying what was refused while the server was down; wait for its log to settle.
                Set<String> acknowledged = acknowledged(shopify);
                for (int i = 0; i < 100; i++) {
                    Thread.sleep(100);
                    Set<String> now = acknowledged(shopify);
                    if (now.equals(acknowledged) && !now.isEmpty()) {
                        break;
                    }
                    acknowledged = now;
                }
                HttpResponse<String> redelivered = send("PUT", restarted.baseUrl() + API
                        + "/notifications/subscriptions/deliveries?where=" + java.net.URLEncoder.encode("status = 'queued'",
                        java.nio.charset.StandardCharsets.UTF_8), authorization, null);
                assertThat(redelivered.statusCode()).isEqualTo(200);
                Set<String> finalAcknowledged = acknowledged;
                List<RecordingReceiver.Received> got = receiver.await("/events",
                        r -> delivered(r).containsAll(finalAcknowledged), 30);
                Set<String> delivered = delivered(got);
                assertThat(acknowledged).hasSizeGreaterThan(10);
                Set<String> missing = new HashSet<>(acknowledged);
                missing.removeAll(delivered);
                StringBuilder why = new StringBuilder();
                if (!missing.isEmpty()) {
                    String next = null;
                    do {
                        HttpResponse<String> page = send("GET", restarted.baseUrl() + API
                                + "/notifications/subscriptions/deliveries?pageSize=500" + (next == null ? "" : "&nextPage=" + next),
                                authorization, null);
                        for (JsonNode delivery : JSON.readTree(page.body())) {
                            String webhookId = delivery.get("payload").get("message").get("webhookId").asString();
                            if (missing.contains(webhookId)) {
                                why.append(webhookId).append('=').append(delivery.get("status").asString())
                                        .append(" next=").append(delivery.get("nextAttemptDate")).append(" attempts=")
                                        .append(delivery.get("attempts").size()).append('\n');
                            }
                        }
                        next = page.headers().firstValue("Elements-Next-Page-Token").orElse(null);
                    } while (next != null);
                }
                assertThat(delivered).as("not delivered, with their state:\n" + why).containsAll(acknowledged);
                Set<String> refused = refusedOnly(shopify);
                if (!refused.isEmpty()) {
                    assertThat(delivered).doesNotContainAnyElementsOf(refused);
                }
            }
        }
    }

    /** Webhook ids the server answered 200, from the emulator's delivery log. */
    private static Set<String> acknowledged(EmulatedShopify shopify) throws Exception {
        HttpResponse<String> log = HTTP.send(HttpRequest.newBuilder(URI.create(shopify.emulator().baseUrl()
                + "/_emulator/deliveries?topic=orders/create")).build(), HttpResponse.BodyHandlers.ofString());
        Set<String> ids = new HashSet<>();
        for (JsonNode attempt : JSON.readTree(log.body())) {
            if (attempt.path("statusCode").asInt() == 200) {
                ids.add(attempt.get("webhookId").asString());
            }
        }
        return ids;
    }

    /** Webhook ids the server answered with an HTTP error and never with 200. */
    private static Set<String> refusedOnly(EmulatedShopify shopify) throws Exception {
        HttpResponse<String> log = HTTP.send(HttpRequest.newBuilder(URI.create(shopify.emulator().baseUrl()
                + "/_emulator/deliveries?topic=orders/create")).build(), HttpResponse.BodyHandlers.ofString());
        Set<String> refused = new HashSet<>();
        Set<String> accepted = new HashSet<>();
        for (JsonNode attempt : JSON.readTree(log.body())) {
            int status = attempt.path("statusCode").asInt();
            if (status == 200) {
                accepted.add(attempt.get("webhookId").asString());
            } else if (status >= 400) {
                refused.add(attempt.get("webhookId").asString());
            }
        }
        refused.removeAll(accepted);
        return refused;
    }

    /** Webhook ids that reached the receiver with a 2xx answer from it. */
    private static Set<String> delivered(List<RecordingReceiver.Received> received) {
        Set<String> ids = new HashSet<>();
        for (RecordingReceiver.Received notification : received) {
            ids.add(JSON.readTree(notification.body()).get("message").get("webhookId").asString());
        }
        return ids;
    }

    private static HttpResponse<String> send(String method, String url, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
