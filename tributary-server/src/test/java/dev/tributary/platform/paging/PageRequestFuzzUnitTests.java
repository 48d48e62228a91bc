package dev.tributary.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tributary.platform.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Fuzzes the {@code pageSize} and {@code nextPage} query parameters. An input is the page size, a
 * newline, then the token; an input without a newline is a token alone. The normal build replays the
 * seeds in {@code PageRequestFuzzUnitTestsInputs/}; {@code -Pfuzz} searches for new inputs
 * (docs/reliability.md, "Fuzzing").
 */
class PageRequestFuzzUnitTests {

    @FuzzTest(maxDuration = "2m")
    void reads_a_page_or_answers_400(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String pageSize = newline < 0 ? null : text.substring(0, newline);
        String nextPage = newline < 0 ? text : text.substring(newline + 1);
        PageRequest page;
        try {
            page = PageRequest.of(pageSize, nextPage);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.getMessage()).containsAnyOf("pageSize", "nextPage");
            return;
        }
        assertThat(page.size()).isBetween(1, PageRequest.MAX_SIZE);
        assertThat(page.afterId()).isNotNegative();
        // The token the server would give out for that id leads to the same place.
        assertThat(PageRequest.of(null, PageRequest.tokenAfter(page.afterId())).afterId()).isEqualTo(page.afterId());
    }
}
