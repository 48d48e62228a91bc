package dev.tributary.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the {@code Authorization} header parser. Tomcat hands header values over as ISO-8859-1, so
 * every byte is one character. The normal build replays the seeds in
 * {@code AuthorizationHeaderFuzzUnitTestsInputs/}; {@code -Pfuzz} searches for new inputs
 * (docs/reliability.md, "Fuzzing").
 */
class AuthorizationHeaderFuzzUnitTests {

    @FuzzTest(maxDuration = "2m")
    void parses_or_refuses_as_malformed(byte[] input) {
        String header = new String(input, StandardCharsets.ISO_8859_1);
        AuthorizationHeader parsed;
        try {
            parsed = AuthorizationHeader.parse(header);
        } catch (MalformedAuthorizationException e) {
            assertThat(e.getMessage()).startsWith("Authorization ");
            return;
        }
        assertThat(parsed.user()).isNotNull();
        for (String value : new String[] {parsed.user(), parsed.organization(), parsed.element()}) {
            if (value != null) {
                assertThat(header).contains(value);
                assertThat(value).isNotEmpty().matches("[\\x21-\\x7e]+");
            }
        }
    }
}
