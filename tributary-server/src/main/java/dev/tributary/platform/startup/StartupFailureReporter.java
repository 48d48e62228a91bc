package dev.tributary.platform.startup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Logs an analyzed start-up failure as one line, what is wrong and what to do, in place of Spring
 * Boot's banner over a dozen lines (whose logger application.yml turns off).
 */
public class StartupFailureReporter implements FailureAnalysisReporter {

    private static final Logger log = LoggerFactory.getLogger(StartupFailureReporter.class);

    @Override
    public void report(FailureAnalysis analysis) {
        log.error(oneLine(analysis));
        // The chain behind the line, for whoever turns this logger to debug.
        log.debug("Start-up failure", analysis.getCause());
    }

    /** Description and action joined, the newlines of Spring Boot's own analyses flattened. */
    static String oneLine(FailureAnalysis analysis) {
        String description = flatten(analysis.getDescription());
        String action = flatten(analysis.getAction());
        if (action.isEmpty()) {
            return description;
        }
        if (description.isEmpty()) {
            return action;
        }
        // Ours: "Port 8080 is already in use" + ": stop ...". Spring Boot's end in a full stop already.
        return description + (description.matches(".*[.:!?]$") ? " " : ": ") + action;
    }

    private static String flatten(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
