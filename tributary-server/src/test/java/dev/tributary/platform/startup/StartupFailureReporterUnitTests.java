package dev.tributary.platform.startup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class StartupFailureReporterUnitTests {

    @Test
    void joins_a_problem_and_its_action_with_a_colon() {
        assertThat(StartupFailureReporter.oneLine(new FailureAnalysis("Port 8080 is already in use",
                "stop the other process or set SERVER_PORT to a free port", null)))
                .isEqualTo("Port 8080 is already in use: stop the other process or set SERVER_PORT to a free port");
    }

    @Test
    void flattens_spring_boots_multi_line_analyses() {
        String description = "Failed to bind properties under 'tributary.delivery.concurrency' to int:\n\n"
                + "    Property: tributary.delivery.concurrency\n    Value: \"many\"\n";
        String action = "\nUpdate your application's configuration\n";

        assertThat(StartupFailureReporter.oneLine(new FailureAnalysis(description, action, null)))
                .isEqualTo("Failed to bind properties under 'tributary.delivery.concurrency' to int: "
                        + "Property: tributary.delivery.concurrency Value: \"many\": Update your application's configuration");
        assertThat(StartupFailureReporter.oneLine(new FailureAnalysis("Web server failed to start.\r\nPort 8080 was already in use.",
                "Identify and stop the process.", null)))
                .isEqualTo("Web server failed to start. Port 8080 was already in use. Identify and stop the process.");
    }

    @Test
    void a_missing_action_or_description_leaves_no_dangling_colon() {
        assertThat(StartupFailureReporter.oneLine(new FailureAnalysis("Something failed", null, null)))
                .isEqualTo("Something failed");
        assertThat(StartupFailureReporter.oneLine(new FailureAnalysis(" ", "Do this", null))).isEqualTo("Do this");
    }
}
