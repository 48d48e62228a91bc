package dev.tributary.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class HubPagingUnitTests {

    @Test
    void page_size_is_50_unless_asked_and_at_most_shopifys_250() {
        assertThat(HubPaging.size(null)).isEqualTo(50);
        assertThat(HubPaging.size("")).isEqualTo(50);
        assertThat(HubPaging.size("1")).isEqualTo(1);
        assertThat(HubPaging.size("250")).isEqualTo(250);
        assertThatThrownBy(() -> HubPaging.size("251")).hasMessage("pageSize must be from 1 to 250 (Shopify's largest page), not 251");
        assertThatThrownBy(() -> HubPaging.size("0")).hasMessageContaining("not 0");
        assertThatThrownBy(() -> HubPaging.size("ten")).hasMessage("pageSize must be a whole number from 1 to 250, not 'ten'");
    }

    @Test
    void the_next_links_page_info_is_found_among_shopifys_links() {
        String link = "<https://mystore.myshopify.com/admin/api/2025-10/orders.json?limit=3&page_info=abc.D-f_9>; rel=\"previous\", "
                + "<https://mystore.myshopify.com/admin/api/2025-10/orders.json?limit=3&page_info=xyz%3D>; rel=\"next\"";
        assertThat(HubPaging.nextPageInfo(link)).contains("xyz=");
        assertThat(HubPaging.nextPageInfo("<https://x.myshopify.com/a.json?page_info=p1>; rel=\"previous\"")).isEmpty();
        assertThat(HubPaging.nextPageInfo(null)).isEmpty();
        assertThat(HubPaging.nextPageInfo("<https://x.myshopify.com/a.json?limit=3>; rel=next")).isEmpty();
    }

    @Test
    void a_token_carries_the_resource_the_limit_and_the_page_info() {
        HubPaging.Cursor cursor = new HubPaging.Cursor(HubResource.ORDERS, 3, "eyJhIjoxfQ.c2ln");
        String token = HubPaging.token(cursor);
        assertThat(token).doesNotContain("|").doesNotContain("=");
        assertThat(HubPaging.cursor(token, HubResource.ORDERS)).isEqualTo(cursor);
    }

    @Test
    void a_token_of_another_list_or_not_ours_is_refused() {
        String orders = HubPaging.token(new HubPaging.Cursor(HubResource.ORDERS, 3, "p1"));
        assertThatThrownBy(() -> HubPaging.cursor(orders, HubResource.PRODUCTS))
                .hasMessage("nextPage continues a list of orders, not of products");
        for (String bad : new String[] {"not base64!", encoded("hub1|orders|3"), encoded("hub2|orders|3|p1"),
                encoded("hub1|orders|0|p1"), encoded("hub1|orders|x|p1"), encoded("hub1|orders|3|a b"),
                encoded("hub1|orders|3|")}) {
            assertThatThrownBy(() -> HubPaging.cursor(bad, HubResource.ORDERS)).as(bad)
                    .isInstanceOf(HubPaging.InvalidPaging.class).hasMessage("nextPage is not a token this server gave out");
        }
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
