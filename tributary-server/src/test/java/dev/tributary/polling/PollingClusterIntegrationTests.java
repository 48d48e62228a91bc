package dev.tributary.polling;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tributary.emulator.ResourceType;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two nodes on one PostgreSQL database poll one instance: each change arrives once, and the lease
 * keeps the nodes from polling it at the same time. The emulator answers every Admin API call
 * late, so a poll lasts long enough for the other node to try to take it. The recorded versions
 * alone would keep changes from arriving twice, so the lease is checked where it shows: at
 * Shopify, which must never see two polls at once (a claim that ignores the lease fails here).
 */
class PollingClusterIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ORDERS = 30;
    /** Every 1.2 s. */
    private static final String INTERVAL = "0.02";
    private static final Duration SHOPIFY_LATENCY = Duration.ofMillis(100);

    @Test
    void two_nodes_on_one_postgresql_database_poll_an_instance_once_and_never_at_the_same_time() throws Exception {
        try (TestStore store = TestStore.postgres();
                EmulatedShopify shopify = EmulatedShopify.start();
                RecordingReceiver receiver = RecordingReceiver.start()) {
            Map<String, String> settings = Map.of(
                    "tributary.shopify.base-url", shopify.baseUrlTemplate(),
                    "tributary.delivery.poll-interval", "50ms",
                    "tributary.polling.tick", "100ms",
                    "tributary.callback.allow", RecordingReceiver.LOOPBACK_ALLOW);
            try (RunningService first = RunningService.start(store, settings);
                    RunningService second = RunningService.start(store, settings)) {
                Credentials admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
                Answer created = first.client().post(API + "/instances", """
                        {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                         "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                           "event.notification.enabled": true, "event.vendor.type": "polling",
                           "event.poller.refresh_interval": "%s",
                           "event.poller.configuration": {"orders": {"pageSize": 5}},
                           "event.notification.callback.url": "%s"},
                         "name": "Polled by two nodes"}
                        """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID,
                        EmulatedShopify.CLIENT_SECRET, INTERVAL, receiver.url("/cluster"))).as(admin).send();
                assertThat(created.status()).as(created.toString()).isEqualTo(200);

                // From here on the only Admin API calls are polls; each waits, so polls take 100 ms a page.
                shopify.emulator().admin().slowDown(shopify.shop(), SHOPIFY_LATENCY);
                long pollsBefore = polls(first) + polls(second);
                long startedAt = System.nanoTime();
                // Spread over several polls, so both nodes have the chance to take some.
                List<String> orders = new ArrayList<>();
                for (int i = 0; i < ORDERS; i++) {
                    orders.add(Long.toString(shopify.emulator().resources()
                            .create(shopify.shop(), ResourceType.ORDERS, JSON.createObjectNode()).get("id").asLong()));
                    Thread.sleep(150);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                while ((received(receiver).keySet().size() < ORDERS || okPolls(first) == 0 || okPolls(second) == 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                // Two more polls, for anything that would come twice.
                Thread.sleep(2500);
                long pollsAfter = polls(first) + polls(second);
                double elapsedSeconds = (System.nanoTime() - startedAt) / 1e9;

                Map<String, Long> perObject = received(receiver);
                assertThat(perObject.keySet()).as("orders notified").containsExactlyInAnyOrderElementsOf(orders);
                assertThat(perObject).as("notifications per order").allSatisfy((order, count) -> assertThat(count).isOne());
                assertThat(receiver.received("/cluster")).allSatisfy(r -> assertThat(r.acknowledged()).isTrue());
                assertThat(okPolls(first)).as("polls by the first node").isPositive();
                assertThat(okPolls(second)).as("polls by the second node").isPositive();
                assertThat(events(first) + events(second)).as("events the two nodes emitted").isEqualTo(ORDERS);
                // With the lease, one poll at a time: Shopify never has two of its calls waiting at
                // once, and a poll starts no sooner than the interval after the one before.
                assertThat(shopify.emulator().admin().mostDelayedAtOnce(shopify.shop()))
                        .as("Admin API calls in progress at once").isEqualTo(1);
                assertThat(pollsAfter - pollsBefore).as("polls in %.1f s at one every 1.2 s", elapsedSeconds)
                        .isLessThanOrEqualTo((long) (elapsedSeconds / 1.2) + 2);
            }
        }
    }

    /** Order id to how many notifications about it the receiver got. */
    private static Map<String, Long> received(RecordingReceiver receiver) {
        return receiver.received("/cluster").stream()
                .map(r -> JSON.readTree(r.body()).get("message").get("events").get(0).get("objectId").asString())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long okPolls(RunningService node) {
        return metric(node, "tributary_polling_polls_total", Set.of("outcome=\"ok\"", "resource=\"orders\""));
    }

    private static long polls(RunningService node) {
        return metric(node, "tributary_polling_polls_total", Set.of("resource=\"orders\""));
    }

    private static long events(RunningService node) {
        return metric(node, "tributary_polling_events_total", Set.of("resource=\"orders\""));
    }

    /** The sum of a counter's series on one node whose labels include all of {@code labels}. */
    private static long metric(RunningService node, String name, Set<String> labels) {
        ApiClient api = node.client();
        return api.get("/actuator/prometheus").send().body().lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> labels.stream().allMatch(line::contains))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
