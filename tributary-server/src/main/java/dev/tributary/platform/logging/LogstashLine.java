package dev.tributary.platform.logging;

import java.nio.charset.Charset;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;

/**
 * A plain event (no exception, marker or key-value pair: an access line, say) written byte for byte
 * as Spring Boot's {@code logstash} structured format writes it, in one pass over a builder instead
 * of its general JSON writer, which profiles showed as most of a webhook's logging cost. Used only
 * while nothing customizes that format ({@code logging.structured.json.*}).
 */
final class LogstashLine {

    private static final ConfigurationPropertyName CUSTOMIZATION = ConfigurationPropertyName.of("logging.structured.json");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LogstashLine() {
    }

    /** Whether lines may be written here: the format is Spring Boot's logstash, as it comes, uncustomized. */
    static boolean applies(String format, Object environment) {
        if (!"logstash".equals(format) || !(environment instanceof Environment env)) {
            return false;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            if (source.containsDescendantOf(CUSTOMIZATION) != ConfigurationPropertyState.ABSENT
                    || source.getConfigurationProperty(CUSTOMIZATION) != null) {
                return false;
            }
        }
        return true;
    }

    /** Whether this event is one Spring Boot's formatter writes with the members written here only. */
    static boolean takes(ILoggingEvent event) {
        return event.getThrowableProxy() == null && isEmpty(event.getMarkerList()) && isEmpty(event.getKeyValuePairs());
    }

    static byte[] encode(ILoggingEvent event, Charset charset) {
        StringBuilder json = new StringBuilder(320);
        json.append("{\"@timestamp\":");
        string(json, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                OffsetDateTime.ofInstant(event.getInstant(), ZoneId.systemDefault())));
        json.append(",\"@version\":\"1\",\"message\":");
        string(json, event.getFormattedMessage());
        json.append(",\"logger_name\":");
        string(json, event.getLoggerName());
        json.append(",\"thread_name\":");
        string(json, event.getThreadName());
        json.append(",\"level\":");
        string(json, event.getLevel() == null ? null : event.getLevel().toString());
        json.append(",\"level_value\":").append(event.getLevel() == null ? "null" : event.getLevel().toInt());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            for (Map.Entry<String, String> entry : mdc.entrySet()) {
                json.append(',');
                string(json, entry.getKey());
                json.append(':');
                string(json, entry.getValue());
            }
        }
        json.append("}\n");
        return json.toString().getBytes(charset);
    }

    /** A JSON string, escaped as Spring Boot's JsonValueWriter escapes it; null as null. */
    private static void string(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        json.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
