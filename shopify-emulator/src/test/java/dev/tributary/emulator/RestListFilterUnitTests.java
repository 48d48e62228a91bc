package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tributary.emulator.http.Request;
import dev.tributary.emulator.http.ShopifyHttpException;
import tools.jackson.databind.node.ObjectNode;

class RestListFilterUnitTests {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void should_read_times_with_an_offset_or_in_utc() {
        RestListFilter filter = orders("updated_at_min", "2026-11-28T10:15:47-05:00", "updated_at_max",
                "2026-11-28T16:00:00Z");

        assertThat(filter.updatedAtMin()).isEqualTo(Instant.parse("2026-11-28T15:15:47Z"));
        assertThat(filter.updatedAtMax()).isEqualTo(Instant.parse("2026-11-28T16:00:00Z"));
    }

    @Test
    void should_read_a_plus_that_arrived_unescaped_as_a_space() {
        RestListFilter filter = orders("created_at_min", "2026-11-28T10:15:47 01:00");

        assertThat(filter.createdAtMin()).isEqualTo(Instant.parse("2026-11-28T09:15:47Z"));
    }

    @Test
    void should_read_times_and_dates_without_an_offset_in_the_shops_zone() {
        RestListFilter filter = orders("created_at_min", "2026-11-28T10:15:47", "created_at_max", "2026-11-29");

        assertThat(filter.createdAtMin()).isEqualTo(Instant.parse("2026-11-28T15:15:47Z"));
        assertThat(filter.createdAtMax()).isEqualTo(Instant.parse("2026-11-29T05:00:00Z"));
    }

    @Test
    void should_name_the_parameter_it_cannot_read() {
        assertThatThrownBy(() -> orders("updated_at_min", "yesterday"))
                .isInstanceOfSatisfying(RestListFilter.InvalidParameter.class,
                        e -> assertThat(e.parameter()).isEqualTo("updated_at_min"));
        assertThatThrownBy(() -> orders("since_id", "12x"))
                .isInstanceOfSatisfying(RestListFilter.InvalidParameter.class,
                        e -> assertThat(e.parameter()).isEqualTo("since_id"));
        assertThatThrownBy(() -> orders("ids", "1,two"))
                .isInstanceOfSatisfying(RestListFilter.InvalidParameter.class,
                        e -> assertThat(e.parameter()).isEqualTo("ids"));
        assertThatThrownBy(() -> orders("status", "pending"))
                .isInstanceOfSatisfying(RestListFilter.InvalidParameter.class,
                        e -> assertThat(e.parameter()).isEqualTo("status"));
    }

    @Test
    void should_list_open_orders_when_no_status_is_asked_for() {
        RestListFilter filter = orders();

        assertThat(filter.status()).isEqualTo("open");
        assertThat(filter.matches(order(1, null, null))).isTrue();
        assertThat(filter.matches(order(2, "2026-11-28T10:00:00-05:00", null))).isFalse();
        assertThat(filter.matches(order(3, null, "2026-11-28T10:00:00-05:00"))).isFalse();
    }

    @Test
    void should_tell_closed_cancelled_and_any_orders_apart() {
        ObjectNode open = order(1, null, null);
        ObjectNode closed = order(2, "2026-11-28T10:00:00-05:00", null);
        ObjectNode cancelled = order(3, null, "2026-11-28T10:00:00-05:00");

        assertThat(orders("status", "closed").matches(closed)).isTrue();
        assertThat(orders("status", "closed").matches(open)).isFalse();
        assertThat(orders("status", "cancelled").matches(cancelled)).isTrue();
        assertThat(orders("status", "cancelled").matches(closed)).isFalse();
        assertThat(orders("status", "any").matches(open)).isTrue();
        assertThat(orders("status", "any").matches(closed)).isTrue();
        assertThat(orders("status", "any").matches(cancelled)).isTrue();
    }

    @Test
    void should_ignore_parameters_the_list_does_not_know_as_shopify_does() {
        RestListFilter customers = RestListFilter.parse(Map.of("status", "closed", "title", "x"),
                RestListFilter.RESOURCE_FILTERS, NEW_YORK);

        assertThat(customers.status()).isNull();
        assertThat(customers.parameters()).isEmpty();
        assertThat(customers.matches(order(1, "2026-11-28T10:00:00-05:00", null))).isTrue();
    }

    @Test
    void should_keep_the_given_filters_to_carry_them_in_page_info() {
        RestListFilter filter = orders("status", "any", "since_id", "5", "limit", "3");

        assertThat(filter.parameters()).containsExactly(Map.entry("status", "any"), Map.entry("since_id", "5"));
    }

    @Test
    void should_include_both_ends_of_a_time_range() {
        RestListFilter filter = orders("status", "any", "updated_at_min", "2026-11-28T10:00:00-05:00",
                "updated_at_max", "2026-11-28T11:00:00-05:00");

        assertThat(filter.matches(updated(1, "2026-11-28T10:00:00-05:00"))).isTrue();
        assertThat(filter.matches(updated(2, "2026-11-28T16:00:00Z"))).isTrue();
        assertThat(filter.matches(updated(3, "2026-11-28T09:59:59-05:00"))).isFalse();
        assertThat(filter.matches(updated(4, "2026-11-28T11:00:01-05:00"))).isFalse();
    }

    @Test
    void should_match_by_since_id_and_ids() {
        assertThat(orders("since_id", "5").matches(order(5, null, null))).isFalse();
        assertThat(orders("since_id", "5").matches(order(6, null, null))).isTrue();
        assertThat(orders("ids", "4, 6").matches(order(6, null, null))).isTrue();
        assertThat(orders("ids", "4, 6").matches(order(5, null, null))).isFalse();
    }

    @Test
    void should_match_webhooks_by_topic_and_address() {
        RestListFilter filter = RestListFilter.parse(Map.of("topic", "orders/create", "address", "https://a.example/x"),
                RestListFilter.WEBHOOK_FILTERS, NEW_YORK);
        ObjectNode webhook = EmulatorTestClient.JSON.createObjectNode().put("id", 1).put("topic", "orders/create")
                .put("address", "https://a.example/x");

        assertThat(filter.matches(webhook)).isTrue();
        assertThat(filter.matches(webhook.deepCopy().put("topic", "orders/updated"))).isFalse();
        assertThat(filter.matches(webhook.deepCopy().put("address", "https://b.example/x"))).isFalse();
    }

    @Test
    void should_answer_fifty_by_default_and_never_more_than_two_hundred_fifty() {
        assertThat(RestAdminApi.limit(query(null))).isEqualTo(50);
        assertThat(RestAdminApi.limit(query("limit=3"))).isEqualTo(3);
        assertThat(RestAdminApi.limit(query("limit=250"))).isEqualTo(250);
        assertThat(RestAdminApi.limit(query("limit=1000"))).isEqualTo(250);
    }

    @Test
    void should_refuse_a_limit_that_is_not_a_positive_number() {
        for (String limit : new String[] {"limit=0", "limit=-1", "limit=ten"}) {
            assertThatThrownBy(() -> RestAdminApi.limit(query(limit))).as(limit)
                    .isInstanceOfSatisfying(ShopifyHttpException.class,
                            e -> assertThat(e.response().status()).isEqualTo(400));
        }
    }

    private static RestListFilter orders(String... pairs) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.put(pairs[i], pairs[i + 1]);
        }
        return RestListFilter.parse(query, RestListFilter.ORDER_FILTERS, NEW_YORK);
    }

    private static ObjectNode order(long id, String closedAt, String cancelledAt) {
        ObjectNode order = EmulatorTestClient.JSON.createObjectNode().put("id", id);
        order.put("closed_at", closedAt);
        order.put("cancelled_at", cancelledAt);
        return order;
    }

    private static ObjectNode updated(long id, String updatedAt) {
        return order(id, null, null).put("updated_at", updatedAt);
    }

    private static Request query(String rawQuery) {
        return new Request("GET", "/shop/admin/api/2025-10/orders.json", rawQuery, Map.of(), new byte[0], Map.of());
    }
}
