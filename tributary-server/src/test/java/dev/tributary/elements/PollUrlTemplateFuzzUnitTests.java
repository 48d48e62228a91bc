package dev.tributary.elements;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tributary.elements.PollUrlTemplate.PollUrlSyntaxException;

/**
 * Fuzzes reading a poll url's placeholders and filling them in. The normal build replays the seeds
 * in {@code PollUrlTemplateFuzzUnitTestsInputs/}; {@code -Pfuzz} searches for new inputs
 * (docs/reliability.md, "Fuzzing").
 */
class PollUrlTemplateFuzzUnitTests {

    /** Poll times from the first year to the last the hub's four-digit years can show. */
    static final List<Instant> TIMES = List.of(Instant.EPOCH, Instant.parse("2026-11-29T06:40:05.123456789Z"),
            Instant.parse("2024-02-29T23:59:59.999Z"), Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"));
    static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneId.of("Europe/Paris"), ZoneId.of("Asia/Kathmandu"),
            ZoneId.of("Pacific/Kiritimati"), ZoneId.of("America/St_Johns"), ZoneOffset.ofHoursMinutesSeconds(-18, 0, 0));

    @FuzzTest(maxDuration = "2m")
    void parses_or_names_a_position_and_always_fills_in(byte[] input) {
        String url = new String(input, StandardCharsets.UTF_8);
        PollUrlTemplate template;
        try {
            template = PollUrlTemplate.parse(url);
        } catch (PollUrlSyntaxException e) {
            assertThat(e.position()).isBetween(0, url.length());
            assertThat(e.getMessage()).endsWith("at position " + e.position());
            return;
        }
        for (Instant time : TIMES) {
            for (ZoneId zone : ZONES) {
                String expanded = template.expand(time, zone);
                // The same poll time gives the same url.
                assertThat(template.expand(time, zone)).isEqualTo(expanded);
                if (url.indexOf('$') < 0) {
                    assertThat(expanded).isEqualTo(url);
                }
            }
        }
    }
}
