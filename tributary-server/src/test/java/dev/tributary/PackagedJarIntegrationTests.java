package dev.tributary;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

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
    void the_packaged_service_starts_answers_and_logs_request_ids() throws Exception {
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

            HttpResponse<String> missing = server.get(API + "/nothing-here", ApiClient.authorization(credentials));
            assertThat(missing.statusCode()).isEqualTo(404);
            String requestId = JSON.readTree(missing.body()).get("requestId").asString();
            server.awaitLog(requestId);
            JsonNode logLine = server.log().stream().filter(line -> line.contains(requestId)).findFirst()
                    .map(JSON::readTree).orElseThrow();
            assertThat(logLine.get("requestId").asString()).isEqualTo(requestId);
        }
        try (PackagedServer again = PackagedServer.start(dataDir)) {
            HttpResponse<String> accounts = again.get(API + "/accounts", ApiClient.authorization(credentials));
            assertThat(accounts.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(accounts.body())).hasSize(1);
        }
    }
}
