package dev.tributary.platform.startup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.tomcat.ConnectorStartFailedException;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Says which environment variable to change for the start-up failures an operator meets: a port
 * in use, an unreachable database, an unwritable data directory, a wrong master key (the
 * {@link StartupException}s). Runs before Spring Boot's own analyzers.
 */
public class StartupFailureAnalyzer implements FailureAnalyzer, Ordered {

    private final Environment environment;

    /** {@code environment} is null when the start failed before there was an application context. */
    public StartupFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause : causes(failure)) {
            if (cause instanceof StartupException startup) {
                return new FailureAnalysis(startup.problem(), startup.action(), startup);
            }
            if (cause instanceof PortInUseException portInUse) {
                return new FailureAnalysis("Port " + portInUse.getPort() + " is already in use",
                        "stop the other process or set " + portVariable(portInUse.getPort()) + " to a free port", portInUse);
            }
            if (cause instanceof ConnectorStartFailedException connector) {
                // Tomcat's own bind failure: no reason given, and in use is by far the likeliest.
                return new FailureAnalysis("The web server cannot listen on port " + connector.getPort()
                        + " (in use, or not allowed)", "stop the other process or set "
                        + portVariable(connector.getPort()) + " to a free port", connector);
            }
        }
        String databaseUrl = property("tributary.database.url");
        return databaseUrl.isBlank() ? null : DatabaseFailures.analyze(failure, databaseUrl);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    // The management server may have a port of its own.
    private String portVariable(int port) {
        String management = property("management.server.port");
        return management.equals(Integer.toString(port)) && !property("server.port").equals(management)
                ? "MANAGEMENT_SERVER_PORT" : "SERVER_PORT";
    }

    private String property(String name) {
        return environment == null ? "" : environment.getProperty(name, "");
    }

    /** {@code failure} and its causes, outermost first, each once. */
    static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }
}
