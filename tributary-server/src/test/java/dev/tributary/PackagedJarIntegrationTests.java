package dev.tributary;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.PackagedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the jar that {@code ./mvnw package} builds as its own process, the way an operator
 * does, so the real start-up path (configuration from the environment, bootstrap, logging) is
 * covered.
 */
class PackagedJarIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    @Test
    void the_packaged_sandbox_starts_answers_and_logs_readable_lines_with_request_ids() throws Exception {
        assertThat(PackagedServer.JAR).as("run ./mvnw package first").exists();
        Credentials credentials;
        try (PackagedServer server = PackagedServer.start(dataDir)) {
            credentials = Credentials.fromFile(dataDir.resolve("bootstrap-credentials"));
            assertThat(server.log()).anyMatch(line -> line.contains(dataDir.resolve("bootstrap-credentials").toString()));
            assertThat(server.log()).noneMatch(line -> line.contains(credentials.user())
                    || line.contains(credentials.organization()));

            HttpResponse<String> me = server.get(API + "/accounts/me", ApiClient.authorization(credentials));
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(me.body()).get("name").asString()).isEqualTo("Default");

            String requestId = requestIdOfA404(server, credentials);
            String line = server.awaitLine(l -> l.contains(requestId) && l.contains("dev.tributary.access"),
                    "from the access log for " + requestId);
            // For a person at a terminal: plain text, the request id in brackets, the access line's words.
            assertThat(line).doesNotStartWith("{").contains("[" + requestId + "]")
                    .contains("GET /elements/api-v2/nothing-here 404");
        }
        try (PackagedServer again = PackagedServer.start(dataDir)) {
            HttpResponse<String> accounts = again.get(API + "/accounts", ApiClient.authorization(credentials));
            assertThat(accounts.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(accounts.body())).hasSize(1);
        }
    }

    @Test
    void production_logs_json_for_a_log_pipeline_unless_told_otherwise() throws Exception {
        try (PackagedServer server = PackagedServer.start(dataDir, PackagedServer.freePort(),
                Map.of("TRIBUTARY_MODE", "production"))) {
            Credentials credentials = Credentials.fromFile(dataDir.resolve("bootstrap-credentials"));
            String requestId = requestIdOfA404(server, credentials);
            JsonNode line = JSON.readTree(server.awaitLine(l -> l.contains(requestId), "with " + requestId));
            assertThat(line.get("requestId").asString()).isEqualTo(requestId);
            assertThat(server.log()).filteredOn(l -> l.contains("dev.tributary")).allMatch(l -> l.startsWith("{"));
        }
        try (PackagedServer text = PackagedServer.start(dataDir, PackagedServer.freePort(),
                Map.of("TRIBUTARY_MODE", "production", "TRIBUTARY_LOG_FORMAT", "text"))) {
            Credentials credentials = Credentials.fromFile(dataDir.resolve("bootstrap-credentials"));
            String requestId = requestIdOfA404(text, credentials);
            assertThat(text.awaitLine(l -> l.contains(requestId), "with " + requestId))
                    .doesNotStartWith("{").contains("[" + requestId + "]");
        }
    }

    /** Asks for a path that does not exist and answers the request id it was given. */
    private static String requestIdOfA404(PackagedServer server, Credentials credentials) throws Exception {
        HttpResponse<String> missing = server.get(API + "/nothing-here", ApiClient.authorization(credentials));
        assertThat(missing.statusCode()).isEqualTo(404);
        return JSON.readTree(missing.body()).get("requestId").asString();
    }
}
