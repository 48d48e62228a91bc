package dev.tributary.platform.startup;

import dev.tributary.platform.RuntimeMode;
import dev.tributary.platform.logging.LogFormat;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Checks the settings read before any bean exists ({@code TRIBUTARY_MODE}, and through
 * {@link RuntimeMode} the log format) once logging is set up, so a mistyped value ends in the
 * one-line failure like any other, in the format chosen.
 */
public class SettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        RuntimeMode.of(event.getEnvironment());
        String format = event.getEnvironment().getProperty("TRIBUTARY_LOG_FORMAT");
        if (format != null) {
            LogFormat.structuredFormat(format);
        }
    }

    /** After the logging system is set up, before the data directory is checked. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
