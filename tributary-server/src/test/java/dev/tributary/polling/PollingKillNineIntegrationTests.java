package dev.tributary.polling;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tributary.emulator.ResourceType;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.PackagedServer;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.RecordingReceiver.Received;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged server is killed with SIGKILL in the middle of a poll of many pages, some of them
 * recorded, and restarted on the same store: the poll is read again from where the last whole one
 * ended, and each changed order reaches the receiver exactly once. The emulator answers every
 * Admin API call late, so the poll lasts long enough to be cut; the receiver answers 503 until the
 * kill, so no notification can have been acknowledged by the receiver but not yet recorded as
 * sent (a duplicate of the outbox's, not the poller's, which the webhook kill -9 drill covers).
 */
class PollingKillNineIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int ORDERS = 40;
    private static final int PAGE_SIZE = 5;
    private static final Duration SHOPIFY_LATENCY = Duration.ofMillis(400);
    private static final Pattern POLLED = Pattern.compile(
            "Polled orders of instance \\d+: (\\d+) page\\(s\\), (\\d+) object\\(s\\), (\\d+) event\\(s\\)");

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void a_poll_killed_between_pages_resumes_after_restart_without_losing_or_repeating_a_change(String engine)
            throws Exception {
        try (TestStore store = "sqlite".equals(engine) ? TestStore.sqlite() : TestStore.postgres();
                EmulatedShopify shopify = EmulatedShopify.start();
                RecordingReceiver receiver = RecordingReceiver.start()) {
            receiver.script("/polled", 503);
            Map<String, String> environment = new HashMap<>(store.environment());
            environment.put("TRIBUTARY_SHOPIFY_BASE_URL", shopify.baseUrlTemplate());
            environment.put("TRIBUTARY_LOG_FORMAT", "");
            environment.put("TRIBUTARY_POLLING_TICK", "100ms");
            // On PostgreSQL another node may hold a lease, so the killed node's run out: a short one here.
            // SQLite has one node, which releases its old leases at start: the default (5 minutes) stays.
            if (!"sqlite".equals(engine)) {
                environment.put("TRIBUTARY_POLLING_LEASE", "4s");
            }
            environment.put("TRIBUTARY_DELIVERY_LEASE", "3s");
            environment.put("TRIBUTARY_DELIVERY_POLL_INTERVAL", "50ms");
            // Retries 4 ms to 4 s after a first attempt: the receiver's 503s never use up the schedule.
            environment.put("TRIBUTARY_RETRY_TIME_SCALE", "0.001");
            environment.put("TRIBUTARY_CALLBACK_ALLOW", "127.0.0.0/8");
            int port = PackagedServer.freePort();
            PackagedServer server = PackagedServer.start(store.dataDir(), port, environment);
            List<String> killedLog;
            int seenAtKill;
            try {
                String authorization = ApiClient.authorization(
                        Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials")));
                HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + API + "/instances"))
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                                 "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                                   "event.notification.enabled": true, "event.vendor.type": "polling",
                                   "event.poller.refresh_interval": "0.02",
                                   "event.poller.configuration": {"orders": {"pageSize": %d}},
                                   "event.notification.callback.url": "%s"},
                                 "name": "Killed mid-poll"}
                                """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID,
                                EmulatedShopify.CLIENT_SECRET, PAGE_SIZE, receiver.url("/polled"))))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                shopify.emulator().admin().slowDown(shopify.shop(), SHOPIFY_LATENCY);
                // After a first, empty poll, so the next one reads all of them: eight pages, over 3 s.
                server.awaitLine(line -> POLLED.matcher(line).find(), "of a first poll");
                for (int i = 0; i < ORDERS; i++) {
                    shopify.emulator().resources().create(shopify.shop(), ResourceType.ORDERS, JSON.createObjectNode());
                }
                // Two pages recorded (their notifications tried at the receiver), six to go.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (objects(receiver.received("/polled"), r -> true).size() < 2 * PAGE_SIZE
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                killedLog = List.copyOf(server.log());
                seenAtKill = objects(receiver.received("/polled"), r -> true).size();
            } finally {
                server.kill();
            }
            assertThat(seenAtKill).as("orders recorded at the kill").isBetween(2 * PAGE_SIZE, ORDERS - 1);
            assertThat(polls(killedLog)).as("polls the killed node finished").isNotEmpty()
                    .allSatisfy(poll -> assertThat(poll[1]).as("objects of a finished poll").isZero());

            receiver.script("/polled", 200);
            try (PackagedServer restarted = PackagedServer.start(store.dataDir(), port, environment)) {
                Set<String> orders = shopify.shop().resources(ResourceType.ORDERS).keySet().stream()
                        .map(String::valueOf).collect(Collectors.toSet());
                assertThat(orders).hasSize(ORDERS);
                receiver.await("/polled", r -> objects(r, Received::acknowledged).size() == ORDERS, 60);
                // Two more polls, for anything that would come twice.
                Thread.sleep(2500);

                List<Received> received = receiver.received("/polled");
                Map<String, Long> acknowledged = objects(received, Received::acknowledged);
                assertThat(acknowledged.keySet()).as("orders delivered").containsExactlyInAnyOrderElementsOf(orders);
                assertThat(acknowledged).as("deliveries per order").allSatisfy((order, count) -> assertThat(count).isOne());
                Map<String, Set<String>> eventIds = received.stream().collect(Collectors.groupingBy(
                        PollingKillNineIntegrationTests::objectId,
                        Collectors.mapping(r -> message(r).get("eventId").asString(), Collectors.toSet())));
                assertThat(eventIds).as("notifications made per order, before and after the kill")
                        .allSatisfy((order, ids) -> assertThat(ids).hasSize(1));
                // The restarted node read the cut window whole again and made only what was missing.
                List<long[]> resumed = polls(restarted.log()).stream().filter(poll -> poll[1] > 0).toList();
                assertThat(resumed).as("polls after the restart that found orders").hasSize(1);
                long[] poll = resumed.get(0);
                assertThat(new long[] {poll[0], poll[1]}).as("pages and objects").containsExactly(ORDERS / PAGE_SIZE, ORDERS);
                assertThat(poll[2]).as("events made after the restart").isPositive()
                        .isLessThanOrEqualTo(ORDERS - seenAtKill);
                assertThat((ORDERS - poll[2]) % PAGE_SIZE).as("orders recorded before the kill, in whole pages").isZero();
            }
        }
    }

    /** Pages, objects and events of each poll a server logged. */
    private static List<long[]> polls(List<String> log) {
        List<long[]> polls = new ArrayList<>();
        for (String line : log) {
            Matcher matcher = POLLED.matcher(line);
            if (matcher.find()) {
                polls.add(new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                        Long.parseLong(matcher.group(3))});
            }
        }
        return polls;
    }

    private static JsonNode message(Received received) {
        return JSON.readTree(received.body()).get("message");
    }

    private static String objectId(Received received) {
        return message(received).get("events").get(0).get("objectId").asString();
    }

    /** Order id to how many of the requests that {@code counted} the receiver got about it. */
    private static Map<String, Long> objects(List<Received> received, Predicate<Received> counted) {
        return received.stream().filter(counted).collect(Collectors.groupingBy(
                PollingKillNineIntegrationTests::objectId, Collectors.counting()));
    }
}
