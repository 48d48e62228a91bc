package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.tributary.testing.PackagedServer;
import dev.tributary.testing.PackagedServer.Exit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The start-up failures an operator meets end, in the packaged jar, in one log line that names
 * the problem and the environment variable to change: no stack trace, a non-zero exit code, in
 * text ({@code TRIBUTARY_LOG_FORMAT=}) and JSON logs alike.
 */
class StartupFailureIntegrationTests {

    private static final String TEXT = "";
    private static final String JSON = "logstash";
    private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    // Frames, chained causes, the JVM's uncaught-exception output, a structured stack trace, a
    // thread dump, Spring Boot's multi-line banner.
    private static final Pattern STACK_TRACE = Pattern.compile(
            "^\\s+at |\\tat |\\\\tat |Caused by:|Exception in thread|\"stack_trace\"|java\\.base@|APPLICATION FAILED TO START");
    private static final String POSTGRES = System.getenv().getOrDefault(
            "TRIBUTARY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String POSTGRES_USER = System.getenv().getOrDefault("TRIBUTARY_TEST_POSTGRES_USER", "postgres");

    @TempDir
    Path dataDir;

    @BeforeAll
    static void theJarIsBuilt() {
        assertThat(PackagedServer.JAR).as("run ./mvnw package first").exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {TEXT, JSON})
    void a_server_port_in_use(String format) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Exit exit = PackagedServer.runUntilExit(dataDir, taken.getLocalPort(), Map.of("TRIBUTARY_LOG_FORMAT", format), EXIT_WITHIN);

            assertThat(failureLine(exit, format, "SERVER_PORT"))
                    .isEqualTo("Port " + taken.getLocalPort() + " is already in use: stop the other process or set SERVER_PORT to a free port");
        }
    }

    @Test
    void the_sandbox_shopify_port_in_use() throws Exception {
        // The emulator listens on the loopback address.
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Exit exit = run(JSON, Map.of("TRIBUTARY_SANDBOX_SHOPIFY_PORT", Integer.toString(taken.getLocalPort())));

            assertThat(failureLine(exit, JSON, "TRIBUTARY_SANDBOX_SHOPIFY_PORT"))
                    .startsWith("Port " + taken.getLocalPort() + " of the sandbox Shopify is already in use: ")
                    .endsWith("set TRIBUTARY_SANDBOX_SHOPIFY_PORT to a free port (0 picks one)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TEXT, JSON})
    void an_unreachable_database_is_named_without_credentials(String format) throws Exception {
        int closed = PackagedServer.freePort();
        Exit exit = run(format, Map.of(
                "TRIBUTARY_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/x?password=s3cret-pw2",
                "TRIBUTARY_DATABASE_USERNAME", POSTGRES_USER,
                "TRIBUTARY_DATABASE_PASSWORD", "s3cret-pw"));

        assertThat(failureLine(exit, format, "TRIBUTARY_DATABASE_URL"))
                .startsWith("Cannot reach the database at jdbc:postgresql://127.0.0.1:" + closed + "/x (Connection refused): ");
        assertThat(exit.output()).noneMatch(line -> line.contains("s3cret-pw"));
    }

    @Test
    void a_database_that_does_not_exist() throws Exception {
        String url = POSTGRES.substring(0, POSTGRES.lastIndexOf('/') + 1) + "tributary_no_such_database";
        Exit exit = run(JSON, Map.of(
                "TRIBUTARY_DATABASE_URL", url + "?password=s3cret-pw2",
                "TRIBUTARY_DATABASE_USERNAME", POSTGRES_USER,
                "TRIBUTARY_DATABASE_PASSWORD", "s3cret-pw"));

        assertThat(failureLine(exit, JSON, "TRIBUTARY_DATABASE_URL"))
                .isEqualTo("The database at " + url + " does not exist: "
                        + "create it, or set TRIBUTARY_DATABASE_URL to an existing database");
        assertThat(exit.output()).noneMatch(line -> line.contains("s3cret-pw"));
    }

    @Test
    void a_database_user_that_is_refused() throws Exception {
        Exit exit = run(TEXT, Map.of(
                "TRIBUTARY_DATABASE_URL", POSTGRES,
                "TRIBUTARY_DATABASE_USERNAME", "tributary_no_such_role",
                "TRIBUTARY_DATABASE_PASSWORD", "s3cret-pw"));

        assertThat(failureLine(exit, TEXT, "TRIBUTARY_DATABASE_USERNAME"))
                .contains(" refused the login (")
                .contains("tributary_no_such_role")
                .endsWith("check TRIBUTARY_DATABASE_USERNAME and TRIBUTARY_DATABASE_PASSWORD");
        assertThat(exit.output()).noneMatch(line -> line.contains("s3cret-pw"));
    }

    @ParameterizedTest
    @ValueSource(strings = {TEXT, JSON})
    void a_data_directory_under_a_regular_file(String format) throws Exception {
        // Fails for root too, unlike permissions.
        Path file = Files.writeString(dataDir.resolve("a-file"), "not a directory");
        Exit exit = run(format, Map.of("TRIBUTARY_DATA_DIR", file.resolve("data").toString()));

        assertThat(failureLine(exit, format, "TRIBUTARY_DATA_DIR"))
                .isEqualTo("The data directory " + file.resolve("data") + " cannot be created or written (Not a directory): "
                        + "set TRIBUTARY_DATA_DIR to a writable directory");
    }

    @Test
    void a_data_directory_without_write_permission() throws Exception {
        Path readOnly = Files.createDirectory(dataDir.resolve("read-only"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
        assumeFalse(Files.isWritable(readOnly), "running as root: permissions do not stop writes");
        Exit exit = run(TEXT, Map.of("TRIBUTARY_DATA_DIR", readOnly.toString()));

        assertThat(failureLine(exit, TEXT, "TRIBUTARY_DATA_DIR")).contains("(permission denied)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz-not-base64-zz", "MDEyMzQ1Njc4OWFiY2RlZg=="})
    void a_malformed_master_key_is_named_never_shown(String key) throws Exception {
        String format = key.endsWith("==") ? JSON : TEXT;
        Exit exit = run(format, Map.of("TRIBUTARY_MASTER_KEY", key));

        assertThat(failureLine(exit, format, "TRIBUTARY_MASTER_KEY"))
                .startsWith("TRIBUTARY_MASTER_KEY " + (format.equals(JSON) ? "decodes to 16 bytes, not 32" : "is not base64"));
        assertThat(exit.output()).noneMatch(line -> line.contains(key));
    }

    @Test
    void a_master_key_that_is_not_the_stores() throws Exception {
        String original = Base64.getEncoder().encodeToString(new byte[32]);
        byte[] otherBytes = new byte[32];
        otherBytes[0] = 1;
        String other = Base64.getEncoder().encodeToString(otherBytes);
        try (PackagedServer server = PackagedServer.start(dataDir, PackagedServer.freePort(), Map.of("TRIBUTARY_MASTER_KEY", original))) {
            assertThat(server.process().isAlive()).isTrue();
        }
        Exit exit = run(TEXT, Map.of("TRIBUTARY_MASTER_KEY", other));

        assertThat(failureLine(exit, TEXT, "TRIBUTARY_MASTER_KEY"))
                .startsWith("The master key is not the one this store was created with: set TRIBUTARY_MASTER_KEY");
        assertThat(exit.output()).noneMatch(line -> line.contains(original) || line.contains(other));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRIBUTARY_MODE", "TRIBUTARY_LOG_FORMAT", "TRIBUTARY_CALLBACK_ALLOW"})
    void a_setting_that_names_nothing(String variable) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(variable, "prod/uction"));
        Exit exit = PackagedServer.runUntilExit(dataDir, PackagedServer.freePort(), environment, EXIT_WITHIN);

        // The log format is text: sandbox mode's, or the fallback when the format itself is wrong.
        assertThat(failureLine(exit, TEXT, variable)).startsWith(variable + " is 'prod/uction': set " + variable + " to ");
    }

    private Exit run(String format, Map<String, String> environment) throws Exception {
        Map<String, String> withFormat = new HashMap<>(environment);
        withFormat.put("TRIBUTARY_LOG_FORMAT", format);
        return PackagedServer.runUntilExit(dataDir, PackagedServer.freePort(), withFormat, EXIT_WITHIN);
    }

    /**
     * Checks that the run failed with one line naming {@code variable} and no stack trace; returns
     * that line's message.
     */
    private static String failureLine(Exit exit, String format, String variable) {
        String output = String.join("\n", exit.output());
        assertThat(exit.code()).as("exit code; output:\n%s", output).isNotZero();
        assertThat(exit.output()).as("stack traces in:\n%s", output).noneMatch(line -> STACK_TRACE.matcher(line).find());
        List<String> naming = exit.output().stream().filter(line -> line.contains(variable)).toList();
        assertThat(naming).as("lines naming %s in:\n%s", variable, output).hasSize(1);
        String line = naming.get(0);
        if (format.equals(JSON)) {
            JsonNode event = MAPPER.readTree(line);
            assertThat(event.get("level").asString()).isEqualTo("ERROR");
            return event.get("message").asString();
        }
        assertThat(line).contains(" ERROR ");
        return line.substring(line.indexOf(" : ") + 3);
    }
}
