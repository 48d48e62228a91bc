package dev.tributary.platform.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.tomcat.ConnectorStartFailedException;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ApplicationContextException;
import org.springframework.mock.env.MockEnvironment;

class StartupFailureAnalyzerUnitTests {

    private static final String URL = "jdbc:postgresql://tributary:pw1@db:5432/tributary?password=pw2";

    private final MockEnvironment environment = new MockEnvironment()
            .withProperty("server.port", "8080")
            .withProperty("tributary.database.url", URL);
    private final StartupFailureAnalyzer analyzer = new StartupFailureAnalyzer(environment);

    @Test
    void a_startup_exception_anywhere_in_the_chain_tells_its_own_problem_and_action() {
        StartupException failure = new StartupException("The thing is broken", "set TRIBUTARY_THING to a working one", null) {
        };

        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("bean", new IllegalStateException("wrapped", failure)));

        assertThat(analysis.getDescription()).isEqualTo("The thing is broken");
        assertThat(analysis.getAction()).isEqualTo("set TRIBUTARY_THING to a working one");
        assertThat(failure.getMessage()).isEqualTo("The thing is broken: set TRIBUTARY_THING to a working one");
    }

    @Test
    void a_port_in_use_names_server_port_or_the_management_port() {
        FailureAnalysis analysis = analyzer.analyze(new ApplicationContextException("Failed to start bean", new PortInUseException(8080)));
        assertThat(StartupFailureReporter.oneLine(analysis))
                .isEqualTo("Port 8080 is already in use: stop the other process or set SERVER_PORT to a free port");

        environment.setProperty("management.server.port", "8081");
        assertThat(analyzer.analyze(new PortInUseException(8081)).getAction()).contains("MANAGEMENT_SERVER_PORT");
        assertThat(analyzer.analyze(new ConnectorStartFailedException(8080)).getDescription())
                .isEqualTo("The web server cannot listen on port 8080 (in use, or not allowed)");
        assertThat(new StartupFailureAnalyzer(null).analyze(new PortInUseException(8080)).getAction()).contains("SERVER_PORT");
    }

    @Test
    void an_unreachable_database_gives_the_sockets_reason_and_the_url_without_credentials() {
        SQLException refused = new SQLException("Connection to db:5432 refused. Check that the hostname and port are correct "
                + "and that the postmaster is accepting TCP/IP connections.", "08001", new ConnectException("Connection refused"));

        String line = oneLine(new PoolInitializationException(refused));

        assertThat(line).isEqualTo("Cannot reach the database at jdbc:postgresql://db:5432/tributary (Connection refused): "
                + "check TRIBUTARY_DATABASE_URL and that the database server is running and accepts connections there");
        assertThat(oneLine(new SQLException("The connection attempt failed.", "08001", new UnknownHostException("db"))))
                .startsWith("Cannot reach the database at jdbc:postgresql://db:5432/tributary (unknown host db): ");
    }

    @Test
    void a_refused_login_names_the_credential_variables() {
        String line = oneLine(new PoolInitializationException(
                new SQLException("FATAL: password authentication failed for user \"tributary\"", "28P01")));

        assertThat(line).isEqualTo("The database at jdbc:postgresql://db:5432/tributary refused the login "
                + "(FATAL: password authentication failed for user \"tributary\"): "
                + "check TRIBUTARY_DATABASE_USERNAME and TRIBUTARY_DATABASE_PASSWORD");
        assertThat(oneLine(new SQLException("FATAL: role \"nobody\" does not exist", "28000")))
                .contains("refused the login (FATAL: role \"nobody\" does not exist)");
    }

    @Test
    void an_unknown_database_names_the_url_variable() {
        assertThat(oneLine(new PoolInitializationException(new SQLException("FATAL: database \"tributary\" does not exist", "3D000"))))
                .isEqualTo("The database at jdbc:postgresql://db:5432/tributary does not exist: "
                        + "create it, or set TRIBUTARY_DATABASE_URL to an existing database");
    }

    @Test
    void other_sql_failures_are_left_to_spring_boot_unless_the_pool_could_not_open() {
        SQLException syntax = new SQLException("syntax error at or near \"SELEC\"", "42601");
        assertThat(analyzer.analyze(new IllegalStateException("migration failed", syntax))).isNull();

        assertThat(oneLine(new PoolInitializationException(new SQLException("FATAL: sorry, too many clients already", "53300"))))
                .isEqualTo("Cannot open the database at jdbc:postgresql://db:5432/tributary "
                        + "(SQLState 53300: FATAL: sorry, too many clients already): "
                        + "check TRIBUTARY_DATABASE_URL, TRIBUTARY_DATABASE_USERNAME and TRIBUTARY_DATABASE_PASSWORD");
    }

    @Test
    void without_an_external_database_sql_failures_are_not_analyzed() {
        SQLException refused = new SQLException("refused", "08001");

        assertThat(new StartupFailureAnalyzer(new MockEnvironment()).analyze(refused)).isNull();
        assertThat(new StartupFailureAnalyzer(null).analyze(refused)).isNull();
        assertThat(analyzer.analyze(new IllegalStateException("something else"))).isNull();
    }

    @Test
    void a_cause_chain_with_a_loop_ends() {
        IllegalStateException outer = new IllegalStateException("outer");
        IllegalStateException inner = new IllegalStateException("inner", outer);
        outer.initCause(inner);

        assertThat(analyzer.analyze(outer)).isNull();
    }

    private String oneLine(Throwable failure) {
        FailureAnalysis analysis = analyzer.analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        String line = StartupFailureReporter.oneLine(analysis);
        assertThat(line).doesNotContain("pw1").doesNotContain("pw2");
        return line;
    }
}
