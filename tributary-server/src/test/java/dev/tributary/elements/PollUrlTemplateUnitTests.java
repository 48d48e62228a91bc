package dev.tributary.elements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.tributary.elements.PollUrlTemplate.PollUrlSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PollUrlTemplateUnitTests {

    static final Instant FROM = Instant.parse("2026-11-29T06:40:05.123Z");
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    static String expand(String url, ZoneId zone) {
        return PollUrlTemplate.parse(url).expand(FROM, zone);
    }

    @Test
    void the_spec_example_is_filled_in_utc_whatever_the_zone() {
        String url = "/hubs/ecommerce/orders?where=updated_at_min='${gmtDate:yyyy-MM-dd'T'HH:mm:ssXXX}'";
        assertThat(expand(url, ZoneOffset.UTC)).isEqualTo("/hubs/ecommerce/orders?where=updated_at_min='2026-11-29T06:40:05Z'");
        assertThat(expand(url, PARIS)).isEqualTo("/hubs/ecommerce/orders?where=updated_at_min='2026-11-29T06:40:05Z'");
    }

    @Test
    void date_is_written_in_the_given_zone() {
        String url = "/hubs/ecommerce/orders?where=updated_at_min='${date:yyyy-MM-dd'T'HH:mm:ssXXX}'";
        assertThat(expand(url, PARIS)).endsWith("'2026-11-29T07:40:05+01:00'");
        assertThat(expand(url, ZoneId.of("America/St_Johns"))).endsWith("'2026-11-29T03:10:05-03:30'");
        assertThat(PollUrlTemplate.parse(url).expand(Instant.parse("2026-07-01T12:00:00Z"), PARIS))
                .endsWith("'2026-07-01T14:00:00+02:00'");
    }

    @Test
    void epoch_is_whole_seconds_or_milliseconds() {
        assertThat(expand("/o?since=${epoch:s}", PARIS)).isEqualTo("/o?since=1795934405");
        assertThat(expand("/o?since=${epoch:ms}&x=${epoch:s}", PARIS)).isEqualTo("/o?since=1795934405123&x=1795934405");
    }

    @Test
    void names_are_english_whatever_the_server_locale() {
        assertThat(expand("/o?d=${gmtDate:EEE, dd MMM yyyy}", ZoneOffset.UTC)).isEqualTo("/o?d=Sun, 29 Nov 2026");
    }

    @Test
    void quoted_text_in_a_pattern_may_hold_braces_and_quotes() {
        assertThat(expand("${gmtDate:'{'yyyy'}'}", ZoneOffset.UTC)).isEqualTo("{2026}");
        assertThat(expand("${gmtDate:yyyy''MM}", ZoneOffset.UTC)).isEqualTo("2026'11");
        assertThat(expand("${gmtDate:'it''s' yyyy}!", ZoneOffset.UTC)).isEqualTo("it's 2026!");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/hubs/ecommerce/orders", "/o?price=$5&x=$", "/o?a={b}&c=}&d=$}&e=$ {", "$$"})
    void text_without_placeholders_is_kept_as_written(String url) {
        assertThat(expand(url, PARIS)).isEqualTo(url);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "/o?since=${foo:x}             | 11 | unknown placeholder 'foo'",
            "/o?since=${:x}                | 11 | placeholder without a name",
            "${epoch:s}&${Date:yyyy}       | 13 | unknown placeholder 'Date'",
            "/o?since=${date:yyyy          | 9  | is never closed",
            "/o?since=${date               | 9  | is never closed",
            "/o?since=${                   | 9  | is never closed",
            "/o?since=${epoch:s            | 9  | is never closed",
            "/o?since=${date:}             | 16 | empty date pattern",
            "/o?since=${date}              | 15 | needs a date pattern after ':'",
            "/o?since=${epoch}             | 16 | needs a unit after ':'",
            "/o?since=${epoch:h}           | 17 | epoch unit must be s or ms, not 'h'",
            "/o?since=${epoch:}            | 17 | epoch unit must be s or ms, not ''",
            "/o?since=${date:yyyy-bb}      | 16 | invalid date pattern 'yyyy-bb'",
            "/o?since=${gmtDate:yyyy{MM}   | 19 | invalid date pattern 'yyyy{MM'",
            "/o?since=${date:'T}           | 16 | quoted text in the date pattern is never closed",
            "/o?since=${date:ppH}          | 16 | letter 'p' (padding) is not supported",
            // Found by fuzzing: DateTimeFormatter accepts these patterns, then fails to format any date.
            "/o?since=${date:yyyyyyyyyyy}  | 16 | date pattern 'yyyyyyyyyyy' cannot format a date",
            "/o?since=${date:uuuuuuuuuuuuuuuuuu} | 16 | cannot format a date",
            "/o?since=${gmtDate:YYYYYYYYYYYY}    | 19 | cannot format a date",
    })
    void errors_point_at_the_bad_token(String url, int position, String problem) {
        assertThatThrownBy(() -> PollUrlTemplate.parse(url))
                .isInstanceOfSatisfying(PollUrlSyntaxException.class,
                        e -> assertThat(e.position()).as(e.getMessage()).isEqualTo(position))
                .hasMessageContaining(problem)
                .hasMessageEndingWith(" at position " + position);
    }

    @Test
    void urls_are_at_most_2048_characters() {
        assertThat(expand("/" + "x".repeat(2047), PARIS)).hasSize(2048);
        assertThatThrownBy(() -> PollUrlTemplate.parse("/" + "x".repeat(2048)))
                .isInstanceOfSatisfying(PollUrlSyntaxException.class, e -> assertThat(e.position()).isEqualTo(2048))
                .hasMessage("is longer than 2048 characters at position 2048");
    }
}
