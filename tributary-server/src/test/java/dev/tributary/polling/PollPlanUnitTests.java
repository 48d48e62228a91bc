package dev.tributary.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import dev.tributary.instances.InstanceConfiguration;
import org.junit.jupiter.api.Test;

class PollPlanUnitTests {

    static final Instant FROM = Instant.parse("2026-11-28T10:00:00Z");

    static InstanceConfiguration configuration(Map<String, String> values) {
        return InstanceConfiguration.of(values);
    }

    @Test
    void without_a_poller_configuration_the_resources_of_the_topics_are_polled_since_the_last_poll() {
        PollPlan plan = PollPlan.of(configuration(Map.of("event.vendor.type", "polling",
                "shopify.webhook.topics", "orders/create, customers/update, app/uninstalled",
                "event.poller.refresh_interval", "0.5")));
        assertThat(plan.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(plan.resources()).extracting(PollPlan.ResourcePoll::resource).containsExactly("orders", "customers");
        PollPlan.ResourcePoll orders = plan.resources().get(0);
        assertThat(PollPlan.whereOf(orders.url().expand(FROM, ZoneOffset.UTC))).isEqualTo("updated_at_min='2026-11-28T10:00:00Z'");
        assertThat(orders.idField()).isEqualTo("id");
        assertThat(orders.updatedField()).isEqualTo("updated_at");
        assertThat(orders.createdField()).isEqualTo("created_at");
        assertThat(orders.pageSize()).isEqualTo(50);
        assertThat(orders.pollDelay()).isZero();

        assertThat(PollPlan.of(configuration(Map.of("event.vendor.type", "polling"))).resources())
                .extracting(PollPlan.ResourcePoll::resource).containsExactly("orders", "customers", "products");
    }

    @Test
    void a_poller_configuration_sets_each_resource() {
        PollPlan plan = PollPlan.of(configuration(Map.of("event.poller.configuration", """
                {"products": {"url": "/hubs/ecommerce/products?where=updated_at_min='${date:yyyy-MM-dd'T'HH:mm:ssXXX}' and since_id=5",
                  "idField": "admin_graphql_api_id", "datesConfiguration": {"updatedDateField": "changed",
                  "createdDateField": "made"}, "createdCheckTolerance": 30, "pageSize": 500, "pollDelay": 60}}
                """)));
        assertThat(plan.interval()).isEqualTo(Duration.ofMinutes(15));
        PollPlan.ResourcePoll products = plan.resources().get(0);
        assertThat(products.resource()).isEqualTo("products");
        assertThat(products.idField()).isEqualTo("admin_graphql_api_id");
        assertThat(products.updatedField()).isEqualTo("changed");
        assertThat(products.createdField()).isEqualTo("made");
        assertThat(products.createdTolerance()).isEqualTo(Duration.ofSeconds(30));
        assertThat(products.pageSize()).isEqualTo(250);
        assertThat(products.pollDelay()).isEqualTo(Duration.ofMinutes(1));
        // A '+' of an offset stays a '+', as the hub reads it.
        assertThat(PollPlan.whereOf(products.url().expand(FROM, ZoneOffset.ofHours(1))))
                .isEqualTo("updated_at_min='2026-11-28T11:00:00+01:00' and since_id=5");
    }

    @Test
    void created_and_updated_within_the_tolerance_is_a_creation() {
        assertThat(Poller.withinTolerance("2026-11-28T10:00:00-05:00", "2026-11-28T10:00:01-05:00", Duration.ofSeconds(1)))
                .isTrue();
        assertThat(Poller.withinTolerance("2026-11-28T10:00:00-05:00", "2026-11-28T10:00:02-05:00", Duration.ofSeconds(1)))
                .isFalse();
        assertThat(Poller.withinTolerance("2026-11-28T15:00:00Z", "2026-11-28T10:00:00-05:00", Duration.ZERO)).isTrue();
        assertThat(Poller.withinTolerance("", "2026-11-28T10:00:00-05:00", Duration.ofDays(1))).isFalse();
    }

    @Test
    void a_sweep_reads_the_resources_of_the_create_and_update_topics_not_polled_and_the_subscriptions() {
        InstanceConfiguration webhooks = configuration(Map.of("event.notification.enabled", "true",
                "shopify.webhook.topics", "orders/updated, customers/create, products/delete, app/uninstalled",
                "event.reconciliation.interval", "0.5",
                "event.poller.configuration", "{\"customers\": {}}"));
        PollPlan sweep = PollPlan.reconciliation(webhooks, java.util.Set.of("customers"));
        assertThat(sweep.source()).isEqualTo("reconciliation");
        assertThat(sweep.interval()).isEqualTo(Duration.ofSeconds(30));
        // products/delete carries no change to read back; customers are polled already.
        assertThat(sweep.resources()).extracting(PollPlan.ResourcePoll::resource)
                .containsExactly("orders", PollPlan.SUBSCRIPTIONS);
        assertThat(sweep.resources().get(0).pageSize()).isEqualTo(250);
        assertThat(sweep.topics()).contains("orders/updated", "app/uninstalled");
        assertThat(PollPlan.topicOf("orders", false)).isEqualTo("orders/updated");
        assertThat(PollPlan.topicOf("products", false)).isEqualTo("products/update");
        assertThat(PollPlan.topicOf("customers", true)).isEqualTo("customers/create");
    }
}
