package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class RestPageInfoUnitTests {

    private static final byte[] KEY = "a key of thirty-two bytes, ok!!!".getBytes(StandardCharsets.UTF_8);

    private final RestPageInfo cursor = new RestPageInfo("orders",
            Map.of("status", "any", "updated_at_min", "2026-11-28T10:15:47-05:00"), RestPageInfo.Direction.NEXT, 42);

    @Test
    void should_read_back_what_it_wrote() {
        RestPageInfo decoded = RestPageInfo.decode(cursor.encode(KEY), KEY);

        assertThat(decoded).isEqualTo(cursor);
    }

    @Test
    void should_need_no_escaping_in_a_url() {
        assertThat(cursor.encode(KEY)).matches("[A-Za-z0-9_\\-.]+");
    }

    @Test
    void should_refuse_a_page_info_whose_filters_were_changed() {
        String token = cursor.encode(KEY);
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        String changed = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("any", "open").getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));

        assertThatThrownBy(() -> RestPageInfo.decode(changed, KEY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_refuse_a_page_info_with_a_changed_signature() {
        String token = cursor.encode(KEY);
        int dot = token.indexOf('.');
        for (int at : new int[] {dot + 1, token.length() - 1}) {
            char was = token.charAt(at);
            String changed = token.substring(0, at) + (was == 'A' ? 'B' : 'A') + token.substring(at + 1);

            assertThatThrownBy(() -> RestPageInfo.decode(changed, KEY)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_refuse_a_page_info_from_another_emulator() {
        String token = cursor.encode("another key, also 32 bytes long!".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> RestPageInfo.decode(token, KEY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_refuse_made_up_page_infos() {
        for (String madeUp : List.of("", "abc", "abc.def", "!!!.???", "eyJsaXN0Ijoib3JkZXJzIn0")) {
            assertThatThrownBy(() -> RestPageInfo.decode(madeUp, KEY)).as(madeUp)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_page_forwards_and_back_through_ascending_ids() {
        List<Long> ids = LongStream.rangeClosed(1, 7).boxed().toList();

        RestPageInfo.Page<Long> first = RestPageInfo.page(ids, Long::longValue, false, null, 3);
        RestPageInfo.Page<Long> second = RestPageInfo.page(ids, Long::longValue, false, next(3), 3);
        RestPageInfo.Page<Long> last = RestPageInfo.page(ids, Long::longValue, false, next(6), 3);
        RestPageInfo.Page<Long> backFromLast = RestPageInfo.page(ids, Long::longValue, false, previous(7), 3);
        RestPageInfo.Page<Long> backToFirst = RestPageInfo.page(ids, Long::longValue, false, previous(4), 3);

        assertThat(first).isEqualTo(new RestPageInfo.Page<>(List.of(1L, 2L, 3L), false, true));
        assertThat(second).isEqualTo(new RestPageInfo.Page<>(List.of(4L, 5L, 6L), true, true));
        assertThat(last).isEqualTo(new RestPageInfo.Page<>(List.of(7L), true, false));
        assertThat(backFromLast).isEqualTo(second);
        assertThat(backToFirst).isEqualTo(first);
    }

    @Test
    void should_page_through_newest_first_lists_from_the_highest_id() {
        List<Long> ids = LongStream.iterate(7, id -> id - 1).limit(7).boxed().toList();

        RestPageInfo.Page<Long> first = RestPageInfo.page(ids, Long::longValue, true, null, 3);
        RestPageInfo.Page<Long> second = RestPageInfo.page(ids, Long::longValue, true, next(5), 3);
        RestPageInfo.Page<Long> back = RestPageInfo.page(ids, Long::longValue, true, previous(4), 3);

        assertThat(first.items()).containsExactly(7L, 6L, 5L);
        assertThat(second.items()).containsExactly(4L, 3L, 2L);
        assertThat(back).isEqualTo(first);
    }

    @Test
    void should_neither_repeat_nor_skip_items_when_the_cursor_item_is_gone() {
        List<Long> withoutThree = List.of(1L, 2L, 4L, 5L, 6L);

        assertThat(RestPageInfo.page(withoutThree, Long::longValue, false, next(3), 2).items()).containsExactly(4L, 5L);
        assertThat(RestPageInfo.page(withoutThree, Long::longValue, false, previous(3), 2).items())
                .containsExactly(1L, 2L);
    }

    @Test
    void should_answer_an_empty_last_page_after_the_end() {
        RestPageInfo.Page<Long> page = RestPageInfo.page(List.of(1L, 2L), Long::longValue, false, next(2), 3);

        assertThat(page.items()).isEmpty();
        assertThat(page.hasNext()).isFalse();
    }

    private static RestPageInfo next(long id) {
        return new RestPageInfo("orders", Map.of(), RestPageInfo.Direction.NEXT, id);
    }

    private static RestPageInfo previous(long id) {
        return new RestPageInfo("orders", Map.of(), RestPageInfo.Direction.PREVIOUS, id);
    }
}
