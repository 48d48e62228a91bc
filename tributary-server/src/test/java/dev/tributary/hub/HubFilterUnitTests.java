package dev.tributary.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class HubFilterUnitTests {

    private static Map<String, String> orders(String where) {
        return HubFilter.parse(where, HubResource.ORDERS).parameters();
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused(String where,
            HubResource resource) {
        return assertThatThrownBy(() -> HubFilter.parse(where, resource)).isInstanceOf(HubFilter.InvalidWhere.class);
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> refused(String where) {
        return refused(where, HubResource.ORDERS);
    }

    @Test
    void no_where_means_no_filter() {
        assertThat(orders(null)).isEmpty();
        assertThat(orders("")).isEmpty();
        assertThat(orders("   ")).isEmpty();
    }

    @Test
    void the_example_of_the_docs_gives_shopifys_parameters_in_order() {
        assertThat(orders("updated_at_min='2026-11-28T10:00:00Z' and status='any'"))
                .containsExactly(Map.entry("updated_at_min", "2026-11-28T10:00:00Z"), Map.entry("status", "any"));
    }

    @Test
    void every_field_reads_as_shopify_takes_it() {
        assertThat(orders("updated_at_min = '2026-11-28T10:00:00Z' AND updated_at_max = '2026-11-29T10:00:00+01:00'"
                + " and created_at_min = '2026-01-01T00:00:00-05:00' and created_at_max='2026-12-31T23:59:59.5Z'"
                + " and status = 'closed' and since_id = 1001 and ids = '1, 2,3'"))
                .containsExactly(
                        Map.entry("updated_at_min", "2026-11-28T10:00:00Z"),
                        Map.entry("updated_at_max", "2026-11-29T10:00:00+01:00"),
                        Map.entry("created_at_min", "2026-01-01T00:00:00-05:00"),
                        Map.entry("created_at_max", "2026-12-31T23:59:59.5Z"),
                        Map.entry("status", "closed"),
                        Map.entry("since_id", "1001"),
                        Map.entry("ids", "1,2,3"));
    }

    @Test
    void ids_may_be_a_list_a_quoted_list_or_one_number() {
        assertThat(orders("ids in (1, 2, 3)")).containsExactly(Map.entry("ids", "1,2,3"));
        assertThat(orders("ids IN(7)")).containsExactly(Map.entry("ids", "7"));
        assertThat(orders("ids = 42")).containsExactly(Map.entry("ids", "42"));
        assertThat(orders("since_id = '42'")).containsExactly(Map.entry("since_id", "42"));
    }

    @Test
    void every_order_status_is_accepted() {
        for (String status : HubFilter.ORDER_STATUSES) {
            assertThat(orders("status = '" + status + "'")).containsExactly(Map.entry("status", status));
        }
    }

    @Test
    void customers_and_products_take_every_field_but_status() {
        assertThat(HubFilter.parse("since_id = 5 and created_at_min = '2026-11-28T10:00:00Z'", HubResource.CUSTOMERS)
                .parameters()).containsOnlyKeys("since_id", "created_at_min");
        refused("status = 'any'", HubResource.PRODUCTS).hasMessageContaining("status filters orders only, not products");
        refused("status = 'open'", HubResource.CUSTOMERS).hasMessageContaining("not customers");
    }

    @Test
    void an_unknown_field_is_named_with_its_position_and_the_fields_there_are() {
        refused("updated_at_min = '2026-11-28T10:00:00Z' and updated_since = '2026-11-28T10:00:00Z'")
                .hasMessageContaining("unknown field 'updated_since' at position 44")
                .hasMessageContaining("updated_at_min, updated_at_max, created_at_min, created_at_max, status, since_id, ids");
        refused("Status = 'any'").hasMessageContaining("unknown field 'Status'");
        refused("limit = 5").hasMessageContaining("unknown field 'limit'");
    }

    @Test
    void a_field_given_twice_is_named() {
        refused("since_id = 1 and since_id = 2").hasMessage("where gives since_id twice (again at position 17); give each field once");
        refused("ids = '1' and ids in (2)").hasMessageContaining("gives ids twice");
    }

    @Test
    void a_time_without_an_offset_or_that_is_no_time_is_refused() {
        refused("updated_at_min = '2026-11-28T10:00:00'")
                .hasMessageContaining("updated_at_min '2026-11-28T10:00:00' is not an ISO-8601 time with an offset");
        refused("created_at_max = '2026-11-28'").hasMessageContaining("created_at_max '2026-11-28'");
        refused("created_at_min = 'yesterday'").hasMessageContaining("created_at_min 'yesterday'");
        refused("updated_at_max = '2026-13-28T10:00:00Z'").hasMessageContaining("updated_at_max");
        refused("updated_at_min = 20261128").hasMessageContaining("updated_at_min takes a quoted time");
    }

    @Test
    void a_status_orders_do_not_have_is_refused_with_those_they_have() {
        refused("status = 'paid'").hasMessage("where: status 'paid' is not an order status; use one of: open, closed, cancelled, any");
        refused("status = 1").hasMessageContaining("status '1'");
    }

    @Test
    void ids_must_be_whole_numbers() {
        refused("since_id = 'abc'").hasMessageContaining("since_id takes a whole number id, not 'abc'");
        refused("ids = '1,,2'").hasMessageContaining("ids takes a whole number id, not ''");
        refused("ids = '1,x'").hasMessageContaining("not 'x'");
        refused("since_id = 1234567890123456789012").hasMessageContaining("since_id takes a whole number id");
        refused("ids in ('1')").hasMessageContaining("expects a whole number id in ids in (...) at position 8");
    }

    @Test
    void syntax_errors_name_the_position() {
        refused("since_id 5").hasMessage("where expects '=' after since_id at position 9 (found '5')");
        refused("since_id =").hasMessage("where expects a value for since_id ('text' or a whole number) at position 10 (found the end)");
        refused("since_id = 5 status = 'any'").hasMessage("where expects 'and' between terms at position 13 (found 'status')");
        refused("since_id = 5 and").hasMessageContaining("expects a field name at position 16 (found the end)");
        refused("= 5").hasMessageContaining("expects a field name at position 0");
        refused("since_id = 5 or status = 'any'").hasMessageContaining("expects 'and' between terms at position 13");
        refused("since_id > 5").hasMessage("where has an unexpected character '>' at position 9; terms are field = 'value' joined by and");
        refused("status = 'any").hasMessage("where has a string that is never closed, opened at position 9");
        refused("since_id in (1)").hasMessageContaining("takes 'in (...)' only for ids; since_id takes '=' at position 9");
        refused("ids in 1, 2").hasMessageContaining("expects '(' after ids in at position 7");
        refused("ids in (1, 2").hasMessageContaining("expects ',' or ')' in ids in (...) at position 12");
    }

    @Test
    void a_where_longer_than_the_limit_is_refused() {
        refused("since_id = 1" + " ".repeat(HubFilter.MAX_LENGTH)).hasMessageContaining("longer than 4096");
    }

    @Test
    void more_ids_than_a_page_holds_are_refused() {
        StringBuilder ids = new StringBuilder("1");
        for (int i = 2; i <= 251; i++) {
            ids.append(',').append(i);
        }
        refused("ids = '" + ids + "'").hasMessageContaining("names 251 ids; at most 250");
        assertThat(orders("ids in (" + ids.substring(0, ids.lastIndexOf(",")) + ")").get("ids")).endsWith(",250");
    }
}
