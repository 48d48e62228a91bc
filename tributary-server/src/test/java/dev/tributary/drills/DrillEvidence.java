package dev.tributary.drills;

import static dev.tributary.testing.ApiClient.API;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.PackagedServer;
import dev.tributary.testing.RecordingReceiver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the drills with packaged servers check by webhook id: which webhooks the emulated Shopify
 * sent and which the server acknowledged (the emulator's delivery log of {@code orders/create}),
 * how often the receiver acknowledged a notification of each, and, for a failure message, the
 * state of the deliveries of the ones missing.
 */
final class DrillEvidence {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DrillEvidence() {
    }

    static int acknowledgedCount(EmulatedShopify shopify) throws Exception {
        return acknowledged(shopify).size();
    }

    /** Webhook ids the server answered 200, from the emulator's delivery log. */
    static Set<String> acknowledged(EmulatedShopify shopify) throws Exception {
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

    /**
     * Waits until the server has acknowledged {@code expected} webhooks, or (on a slow machine,
     * where some may still be waiting for Shopify's next retry) until nothing more is acknowledged
     * for 25 s, the emulator's retries coming 0.2 s to 23 s apart; the ids acknowledged by then.
     */
    static Set<String> acknowledgedAfterRetries(EmulatedShopify shopify, int expected) throws Exception {
        int count = acknowledgedCount(shopify);
        long lastProgress = System.nanoTime();
        while (count < expected && System.nanoTime() - lastProgress < 25_000_000_000L) {
            Thread.sleep(100);
            int now = acknowledgedCount(shopify);
            if (now > count) {
                count = now;
                lastProgress = System.nanoTime();
            }
        }
        return acknowledged(shopify);
    }

    /** Webhook ids Shopify tried to send at all. */
    static Set<String> created(EmulatedShopify shopify) throws Exception {
        HttpResponse<String> log = HTTP.send(HttpRequest.newBuilder(URI.create(shopify.emulator().baseUrl()
                + "/_emulator/deliveries?topic=orders/create")).build(), HttpResponse.BodyHandlers.ofString());
        Set<String> ids = new HashSet<>();
        JSON.readTree(log.body()).forEach(attempt -> ids.add(attempt.get("webhookId").asString()));
        return ids;
    }

    /** Webhook id to how many times the receiver acknowledged a notification of it. */
    static Map<String, Long> deliveredCounts(List<RecordingReceiver.Received> received) {
        return received.stream().filter(RecordingReceiver.Received::acknowledged)
                .map(r -> JSON.readTree(r.body()).get("message").get("webhookId").asString())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** The state of the deliveries of the given webhook ids, for a failure message. */
    static String describe(PackagedServer server, String authorization, Set<String> webhookIds) throws Exception {
        StringBuilder why = new StringBuilder();
        String next = null;
        do {
            HttpResponse<String> page = send("GET", server.baseUrl() + API
                    + "/notifications/subscriptions/deliveries?pageSize=500" + (next == null ? "" : "&nextPage=" + next),
                    authorization, null);
            for (JsonNode delivery : JSON.readTree(page.body())) {
                String webhookId = delivery.get("payload").get("message").get("webhookId").asString();
                if (webhookIds.contains(webhookId)) {
                    why.append(webhookId).append(' ').append(delivery.get("status").asString()).append(" next=")
                            .append(delivery.get("nextAttemptDate")).append(" attempts=")
                            .append(delivery.get("attempts").size()).append('\n');
                }
            }
            next = page.headers().firstValue("Elements-Next-Page-Token").orElse(null);
        } while (next != null);
        return why.toString();
    }

    static HttpResponse<String> send(String method, String url, String authorization, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
