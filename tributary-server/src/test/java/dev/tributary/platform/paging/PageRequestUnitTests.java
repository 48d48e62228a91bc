package dev.tributary.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.tributary.platform.web.ApiException;
import org.junit.jupiter.api.Test;

class PageRequestUnitTests {

    @Test
    void defaults_to_200_from_the_start() {
        assertThat(PageRequest.of(null, null)).isEqualTo(new PageRequest(200, 0));
    }

    @Test
    void a_token_continues_after_the_last_id() {
        Page<Long> page = Page.of(List.of(1L, 2L, 3L), PageRequest.of("2", null), id -> id);
        assertThat(page.items()).containsExactly(1L, 2L);
        assertThat(PageRequest.of("2", page.nextPageToken()).afterId()).isEqualTo(2);
    }

    @Test
    void the_last_page_has_no_token() {
        assertThat(Page.of(List.of(1L, 2L), PageRequest.of("2", null), id -> id).nextPageToken()).isNull();
    }

    @Test
    void refuses_sizes_out_of_range_and_foreign_tokens() {
        for (String size : new String[] {"0", "-1", "501", "ten", "1e3"}) {
            assertThatThrownBy(() -> PageRequest.of(size, null)).as(size).isInstanceOf(ApiException.class)
                    .hasMessageContaining("pageSize");
        }
        for (String token : new String[] {"bogus", "YWZ0ZXI6LTE", "%%%", "YWZ0ZXI6eA"}) {
            assertThatThrownBy(() -> PageRequest.of(null, token)).as(token).isInstanceOf(ApiException.class)
                    .hasMessageContaining("nextPage");
        }
    }
}
