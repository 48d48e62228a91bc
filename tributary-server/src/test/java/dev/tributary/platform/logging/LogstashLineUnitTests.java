package dev.tributary.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The cheap logstash line is held to Spring Boot's own encoder, byte for byte. */
class LogstashLineUnitTests {

    private final LoggerContext context = new LoggerContext();
    private final StandardEnvironment environment = new StandardEnvironment();

    {
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putObject(Environment.class.getName(), environment);
    }

    @AfterEach
    void clear() {
        context.getMDCAdapter().clear();
    }

    @Test
    void plain_events_are_written_as_spring_boots_logstash_format_writes_them() {
        StructuredLogEncoder boot = new StructuredLogEncoder();
        boot.setContext(context);
        boot.setFormat("logstash");
        boot.setCharset(StandardCharsets.UTF_8);
        boot.start();
        Logger access = context.getLogger("dev.tributary.access");
        List<String> messages = List.of("POST /elements/api-v2/events/shopify/~1a2b3c4d 200 3ms",
                "quote \" backslash \\ tab \t CR \r LF \n bell \u0007 del \u007f c1 \u0085 nbsp \u00a0 ü € 😀 \u2028",
                "", "{}");
        List<Long> millis = List.of(1_764_777_600_000L, 1_764_777_600_850L, 1_764_777_600_855L, 1_764_777_601_001L);
        for (String message : messages) {
            for (long at : millis) {
                context.getMDCAdapter().put("requestId", "c886adb9398bf0ed3ad3e9f6");
                LoggingEvent event = new LoggingEvent(Logger.class.getName(), access, Level.INFO, message, null, null);
                event.setTimeStamp(at);
                event.setThreadName("http-nio-8080-exec-1");
                assertThat(LogstashLine.takes(event)).isTrue();
                assertThat(new String(LogstashLine.encode(event, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                        .isEqualTo(new String(boot.encode(event), StandardCharsets.UTF_8));
            }
        }
        context.getMDCAdapter().clear();
        LoggingEvent noMdc = new LoggingEvent(Logger.class.getName(), access, Level.WARN, "w {}", null, new Object[] {1});
        noMdc.setInstant(Instant.ofEpochSecond(1_764_777_600L, 123_456_789));
        assertThat(new String(LogstashLine.encode(noMdc, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(new String(boot.encode(noMdc), StandardCharsets.UTF_8));
    }

    @Test
    void the_console_encoder_writes_plain_events_here_with_the_same_bytes_as_spring_boot() {
        StructuredLogEncoder boot = new StructuredLogEncoder();
        boot.setContext(context);
        boot.setFormat("logstash");
        boot.start();
        SafeLogEncoder safe = new SafeLogEncoder();
        safe.setContext(context);
        safe.setFormat("logstash");
        safe.setCharset(StandardCharsets.UTF_8);
        safe.start();
        context.getMDCAdapter().put("requestId", "my-request-0001");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("dev.tributary.access"),
                Level.INFO, "{} {} {} {}ms", null, new Object[] {"GET", "/elements/api-v2/accounts/me", 401, 2});
        // What the console encoder wrote before: Spring Boot's encoder fed the safe event.
        assertThat(new String(safe.encode(event), StandardCharsets.UTF_8))
                .isEqualTo(new String(boot.encode(new SafeLoggingEvent(event)), StandardCharsets.UTF_8));
    }

    @Test
    void events_with_an_exception_a_marker_or_key_values_are_left_to_spring_boot() {
        Logger logger = context.getLogger("x");
        assertThat(LogstashLine.takes(new LoggingEvent("x", logger, Level.INFO, "m", new IllegalStateException(), null)))
                .isFalse();
        LoggingEvent marked = new LoggingEvent("x", logger, Level.INFO, "m", null, null);
        marked.addMarker(MarkerFactory.getMarker("M"));
        assertThat(LogstashLine.takes(marked)).isFalse();
        LoggingEvent pairs = new LoggingEvent("x", logger, Level.INFO, "m", null, null);
        pairs.addKeyValuePair(new org.slf4j.event.KeyValuePair("k", "v"));
        assertThat(LogstashLine.takes(pairs)).isFalse();
    }

    @Test
    void only_the_uncustomized_logstash_format_is_written_here() {
        assertThat(LogstashLine.applies("logstash", environment)).isTrue();
        assertThat(LogstashLine.applies("ecs", environment)).isFalse();
        assertThat(LogstashLine.applies("logstash", null)).isFalse();
        StandardEnvironment customized = new StandardEnvironment();
        customized.getPropertySources().addFirst(new MapPropertySource("custom",
                Map.of("logging.structured.json.exclude", "thread_name")));
        assertThat(LogstashLine.applies("logstash", customized)).isFalse();
    }
}
