package dev.tributary.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SafeLogEncoderUnitTests {

    private static final String ACCESS_TOKEN = "registered-access-token-42";

    private final LoggerContext context = new LoggerContext();

    {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }
    private final Logger logger = context.getLogger("org.apache.coyote.http11.Http11InputBuffer");

    @AfterEach
    void forget() {
        KnownSecrets.clear();
    }

    @Test
    void text_lines_carry_no_secret_and_no_forged_line() {
        String out = encode(encoder("", "%level %logger{0} : %m%n%ex"));
        assertThat(out).doesNotContain("u-secret-1234").doesNotContain("o-secret-5678").doesNotContain(ACCESS_TOKEN)
                .contains("[Authorization: ********]")
                .contains("call failed for ******** \\r\\nINFO forged");
        // The stack trace keeps its own lines; the message may not add any.
        assertThat(out.lines().filter(line -> line.contains("INFO forged"))).hasSize(1);
    }

    @Test
    void json_lines_carry_no_secret_either() {
        KnownSecrets.register(ACCESS_TOKEN);
        String out = encode(encoder("logstash", null));
        assertThat(out).doesNotContain("u-secret-1234").doesNotContain("o-secret-5678").doesNotContain(ACCESS_TOKEN);
        JsonNode line = JsonMapper.builder().build().readTree(out);
        assertThat(line.get("message").asString()).contains("[Authorization: ********]");
    }

    private SafeLogEncoder encoder(String format, String pattern) {
        KnownSecrets.register(ACCESS_TOKEN);
        // Spring Boot's structured formats read the application's environment from the logger context.
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        SafeLogEncoder encoder = new SafeLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setPattern(pattern);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private String encode(SafeLogEncoder encoder) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO,
                "The HTTP header line [{}] does not conform to RFC 9112",
                new IllegalStateException("call failed for " + ACCESS_TOKEN + " \r\nINFO forged"),
                new Object[] {"Authorization: User u-secret-1234, Organization o-secret-5678\u0001"});
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
