package dev.tributary.platform.logging;

import java.util.Locale;
import java.util.Map;

import dev.tributary.platform.RuntimeMode;
import dev.tributary.platform.startup.InvalidSettingException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the console log format before logging starts: {@code TRIBUTARY_LOG_FORMAT} when set
 * ({@code text}, or a structured format: {@code logstash}, {@code ecs}, {@code gelf}); otherwise
 * readable text in sandbox mode, for a person at a terminal, and JSON ({@code logstash}) in
 * production, for a log pipeline. Added with the lowest precedence, so an explicit
 * {@code logging.structured.format.console} still wins.
 */
public class LogFormat implements EnvironmentPostProcessor {

    static final String VARIABLE = "TRIBUTARY_LOG_FORMAT";
    static final String PROPERTY = "logging.structured.format.console";

    /** Never fails: a value that names nothing is reported by {@code SettingsCheck}, once logging is up. */
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String structured;
        try {
            String chosen = environment.getProperty(VARIABLE);
            structured = chosen == null ? defaultFor(RuntimeMode.of(environment)) : structuredFormat(chosen);
        } catch (InvalidSettingException e) {
            structured = "";
        }
        environment.getPropertySources().addLast(new MapPropertySource("tributaryLogFormat", Map.of(PROPERTY, structured)));
    }

    static String defaultFor(RuntimeMode mode) {
        return mode == RuntimeMode.SANDBOX ? "" : "logstash";
    }

    /**
     * The structured format for a {@code TRIBUTARY_LOG_FORMAT} value; empty for plain text.
     *
     * @throws InvalidSettingException for a value that names no format, which stops start-up
     */
    public static String structuredFormat(String value) {
        String format = value.strip().toLowerCase(Locale.ROOT);
        return switch (format) {
            case "", "text", "plain" -> "";
            case "logstash", "ecs", "gelf" -> format;
            default -> throw new InvalidSettingException(VARIABLE, value, "text, logstash, ecs or gelf");
        };
    }
}
