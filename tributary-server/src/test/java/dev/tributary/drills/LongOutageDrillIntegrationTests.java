package dev.tributary.drills;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.ShopifyWebhooks;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Drill: a callback receiver that is down through the whole retry schedule (72 hours and more,
 * scaled), then comes back. The first delivery's attempts must follow T + 4^x s, x = 1..9: none
 * early, and those due two seconds or more after T (scaled) within 5 %; after the ninth retry
 * the subscription is deactivated and the rest queued; a redelivery then brings every event, oldest
 * first.
 *
 * <p>Scale 0.00005 (the schedule in 13 s) in every build; 0.001 (4.4 minutes) with
 * {@code -Pdrills}. Figures go to {@code target/drill-reports/long-outage.txt}.
 */
class LongOutageDrillIntegrationTests {

    private static final String DRILL = "long-outage";
    private static final int LATER_WEBHOOKS = 5;
    private static final double TIMED_FROM_MILLIS = 2000;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void every_event_is_delivered_after_an_outage_longer_than_the_schedule(String engine) throws Exception {
        double scale = Drills.isLong() ? 0.001 : 0.00005;
        try (TestStore store = "sqlite".equals(engine) ? TestStore.sqlite() : TestStore.postgres();
                EmulatedShopify shopify = EmulatedShopify.start();
                RecordingReceiver receiver = RecordingReceiver.start();
                RunningService service = RunningService.start(store, Map.of(
                        "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                        "tributary.delivery.retry-time-scale", Double.toString(scale),
                        "tributary.callback.allow", "127.0.0.0/8"))) {
            ApiClient api = service.client();
            Credentials admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
            receiver.script("/outage", 503);
            Answer created = api.post(API + "/instances", """
                    {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "%s"},
                     "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                       "event.notification.enabled": true, "shopify.webhook.topics": "orders/create",
                       "event.notification.callback.url": "%s"}, "name": "Outage drill"}
                    """.formatted(shopify.authorizationCode(), EmulatedShopify.SHOP, EmulatedShopify.CLIENT_ID,
                    EmulatedShopify.CLIENT_SECRET, receiver.url("/outage"))).as(admin).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            String address = shopify.subscriptions().get(0).address();
            String webhookPath = address.substring(address.indexOf(API));

            assertThat(ShopifyWebhooks.postOrder(api, webhookPath, order(1)).status()).isEqualTo(200);
            // More events arrive during the outage, spread over the schedule.
            long scheduleMillis = (long) (262_144_000 * scale);
            for (int i = 2; i <= LATER_WEBHOOKS + 1; i++) {
                Thread.sleep(scheduleMillis / (LATER_WEBHOOKS + 2));
                assertThat(ShopifyWebhooks.postOrder(api, webhookPath, order(i)).status()).isEqualTo(200);
            }
            JdbcClient jdbc = JdbcClient.create(service.bean(DataSource.class));
            long deadline = System.nanoTime() + scheduleMillis * 1_000_000L * 2 + 30_000_000_000L;
            while (queued(jdbc) < LATER_WEBHOOKS + 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(queued(jdbc)).as("deliveries queued after the schedule ran out").isEqualTo(LATER_WEBHOOKS + 1);

            List<Long> attempts = jdbc.sql("""
                    SELECT a.attempted_at FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
                    WHERE d.id = (SELECT MIN(id) FROM deliveries) ORDER BY a.id
                    """).query(Long.class).list();
            assertThat(attempts).as("the first attempt and nine retries").hasSize(10);
            double worst = 0;
            List<String> offSchedule = new ArrayList<>();
            for (int x = 1; x <= 9; x++) {
                double expected = Math.pow(4, x) * 1000 * scale;
                long actual = attempts.get(x) - attempts.get(0);
                double deviation = (actual - expected) / expected;
                String line = String.format("%s scale %s retry %d: due at +%.1f ms, made at +%d ms (%+.2f %%)",
                        engine, scale, x, expected, actual, deviation * 100);
                Drills.report(DRILL, line);
                // A retry due sooner than TIMED_FROM after T is only checked not to be early: one
                // attempt's own cost (claim, send, record) is more than 5 % of such a scaled delay.
                boolean late = expected >= TIMED_FROM_MILLIS && actual > expected * 1.05;
                if (actual < Math.floor(expected) || late) {
                    offSchedule.add(line);
                } else if (expected >= TIMED_FROM_MILLIS) {
                    worst = Math.max(worst, Math.abs(deviation));
                }
            }
            assertThat(offSchedule).as("retries off the schedule").isEmpty();
            JsonNode subscriptions = api.get(API + "/notifications/subscriptions").as(admin).send().json();
            assertThat(subscriptions.get(0).get("status").asString()).isEqualTo("deactivated");

            receiver.script("/outage", 200);
            Answer redelivered = api.call("PUT", API + "/notifications/subscriptions/deliveries?where="
                    + URLEncoder.encode("status = 'queued'", StandardCharsets.UTF_8)).as(admin).send();
            assertThat(redelivered.json().get("count").asInt()).isEqualTo(LATER_WEBHOOKS + 1);
            List<RecordingReceiver.Received> got = receiver.await("/outage",
                    r -> r.stream().filter(RecordingReceiver.Received::acknowledged).count() >= LATER_WEBHOOKS + 1, 30);
            List<Long> orderIds = new ArrayList<>();
            got.stream().filter(RecordingReceiver.Received::acknowledged).forEach(r ->
                    orderIds.add(Long.parseLong(new String(r.body(), StandardCharsets.UTF_8).replaceAll(
                            "(?s).*\"objectId\":\"(\\d+)\".*", "$1"))));
            assertThat(orderIds).as("every event, oldest first").containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(api.get(API + "/notifications/subscriptions").as(admin).send().json().get(0).get("status")
                    .asString()).isEqualTo("active");
            Drills.report(DRILL, String.format("%s scale %s: worst deviation of the timed retries %.2f %%, %d events delivered after the outage",
                    engine, scale, worst * 100, orderIds.size()));
        }
    }

    private static byte[] order(long id) {
        return ("{\"id\": " + id + ", \"name\": \"#" + (1000 + id) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static long queued(JdbcClient jdbc) {
        return jdbc.sql("SELECT COUNT(*) FROM deliveries WHERE status = 'queued'").query(Long.class).single();
    }
}
