package dev.tributary.drills;

import static dev.tributary.testing.ApiClient.API;
import static dev.tributary.drills.DrillEvidence.acknowledgedCount;
import static dev.tributary.drills.DrillEvidence.acknowledgedAfterRetries;
import static dev.tributary.drills.DrillEvidence.created;
import static dev.tributary.drills.DrillEvidence.deliveredCounts;
import static dev.tributary.drills.DrillEvidence.describe;
import static dev.tributary.drills.DrillEvidence.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.tributary.emulator.ResourceType;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.PackagedServer;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drill: kill -9 under load. The packaged server runs as its own process; the emulated Shopify
 * pushes a fixed number of order webhooks while the callback receiver flaps between down and up;
 * the server is killed with SIGKILL once a random number of webhooks has been acknowledged, then
 * restarted on the same store. Shopify retries what the dead server could not take (the
 * emulator's schedule, shrunk), and every webhook the server acknowledged, before or after the
 * kill, must reach the receiver (checked by webhook id). Duplicates are allowed only for sends in
 * flight or not yet recorded at the kill, which the node's sending slots bound.
 *
 * <p>One run per engine in every build; ten per engine with {@code -Pdrills}. Figures go to
 * {@code target/drill-reports/kill-nine.txt}.
 */
class KillNineDrillIntegrationTests {

    private static final String DRILL = "kill-nine";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int WEBHOOKS = 300;
    /**
     * The server's TRIBUTARY_DELIVERY_CONCURRENCY: a sending slot is held from the claim until the
     * attempt is recorded, so at most this many deliveries can have reached the receiver unrecorded at the kill.
     */
    private static final int IN_FLIGHT_LIMIT = 32;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void every_acknowledged_webhook_is_delivered_after_sigkill_and_restart(String engine) throws Exception {
        int runs = Drills.isLong() ? 10 : 1;
        long firstSeed = Long.getLong("tributary.drill.seed", System.nanoTime());
        for (int run = 0; run < runs; run++) {
            run(engine, run, firstSeed + run);
        }
    }

    private void run(String engine, int run, long seed) throws Exception {
        Random random = new Random(seed);
        int killAfter = WEBHOOKS / 10 + random.nextInt(WEBHOOKS * 7 / 10);
        long started = System.nanoTime();
        try (TestStore store = "sqlite".equals(engine) ? TestStore.sqlite() : TestStore.postgres();
                EmulatedShopify shopify = EmulatedShopify.start(0.003);
                RecordingReceiver receiver = RecordingReceiver.start()) {
            // Down and up in turns of 150 ms.
            receiver.answer("/events", () -> (System.nanoTime() / 150_000_000L) % 2 == 0 ? 503 : 200);
            Map<String, String> environment = new HashMap<>(Drills.environment(store));
            environment.put("TRIBUTARY_SHOPIFY_BASE_URL", shopify.baseUrlTemplate());
            environment.put("TRIBUTARY_LOG_FORMAT", "");
            // A short lease, so what the killed node held is due again within the drill's patience.
            environment.put("TRIBUTARY_DELIVERY_LEASE", "3s");
            environment.put("TRIBUTARY_DELIVERY_CONCURRENCY", Integer.toString(IN_FLIGHT_LIMIT));
            environment.put("TRIBUTARY_RETRY_TIME_SCALE", "0.0001");
            environment.put("TRIBUTARY_CALLBACK_ALLOW", "127.0.0.0/8");
            int port = PackagedServer.freePort();
            PackagedServer server = PackagedServer.start(store.dataDir(), port, environment);
            String authorization = ApiClient.authorization(Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials")));
            HttpResponse<String> created = send("POST", server.baseUrl() + API + "/instances", authorization, """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.notification.enabled": true, "shopify.webhook.topics": "orders/create",
                       "event.notification.callback.url": "%s"}, "name": "Kill -9 drill"}
                    """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID, EmulatedShopify.CLIENT_SECRET,
                    receiver.url("/events")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

            Thread load = new Thread(() -> {
                for (int i = 0; i < WEBHOOKS; i++) {
                    shopify.emulator().resources().create(shopify.shop(), ResourceType.ORDERS, JSON.createObjectNode());
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            load.start();
            long killDeadline = System.nanoTime() + 60_000_000_000L;
            while (acknowledgedCount(shopify) < killAfter && System.nanoTime() < killDeadline) {
                Thread.sleep(2);
            }
            int acknowledgedAtKill = acknowledgedCount(shopify);
            server.kill();
            load.join();

            try (PackagedServer restarted = PackagedServer.start(store.dataDir(), port, environment)) {
                // Shopify's retries bring what was missed.
                Set<String> acknowledged = acknowledgedAfterRetries(shopify, WEBHOOKS);
                assertThat(acknowledged).as("webhooks the server acknowledged").hasSizeGreaterThanOrEqualTo(killAfter);

                receiver.script("/events", 200);
                // Anything the flapping queued (a deactivated subscription) is redelivered.
                send("PUT", restarted.baseUrl() + API + "/notifications/subscriptions/deliveries?where="
                        + URLEncoder.encode("status = 'queued'", StandardCharsets.UTF_8), authorization, null);
                List<RecordingReceiver.Received> got = receiver.await("/events",
                        r -> deliveredCounts(r).keySet().containsAll(acknowledged), 60);
                Map<String, Long> delivered = deliveredCounts(got);
                Set<String> missing = new HashSet<>(acknowledged);
                missing.removeAll(delivered.keySet());
                long duplicates = delivered.values().stream().filter(n -> n > 1).count();
                Drills.report(DRILL, String.format(
                        "%s run %d seed %d: killed after %d acknowledged; acknowledged %d, delivered %d, lost %d,"
                                + " delivered twice or more %d, receiver answered %d requests, %.1f s",
                        engine, run + 1, seed, acknowledgedAtKill, acknowledged.size(), delivered.size(), missing.size(),
                        duplicates, got.size(), (System.nanoTime() - started) / 1e9));
                assertThat(missing).as("acknowledged but never delivered (seed %d); their deliveries:%n%s", seed,
                        describe(restarted, authorization, missing)).isEmpty();
                assertThat(delivered.keySet()).as("delivered but never sent by Shopify").isSubsetOf(created(shopify));
                assertThat(duplicates).as("duplicates beyond the sends in flight at the kill (seed %d)", seed)
                        .isLessThanOrEqualTo(IN_FLIGHT_LIMIT);
            }
        }
    }
}
