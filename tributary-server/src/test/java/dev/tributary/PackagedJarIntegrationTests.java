package dev.tributary;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Credentials;
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

    private static final Path JAR = Path.of("target", "tributary-server.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    @Test
    void the_packaged_service_starts_answers_and_logs_request_ids() throws Exception {
        assertThat(JAR).as("run ./mvnw package first").exists();
        Credentials credentials;
        try (Server server = Server.start(dataDir)) {
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
        try (Server again = Server.start(dataDir)) {
            HttpResponse<String> accounts = again.get(API + "/accounts", ApiClient.authorization(credentials));
            assertThat(accounts.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(accounts.body())).hasSize(1);
        }
    }

    private record Server(Process process, int port, List<String> log) implements AutoCloseable {

        static Server start(Path dataDir) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString())
                    .redirectErrorStream(true);
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            builder.environment().put("TRIBUTARY_DATA_DIR", dataDir.toString());
            builder.environment().keySet().removeIf(name -> name.startsWith("TRIBUTARY_") && !name.equals("TRIBUTARY_DATA_DIR"));
            builder.environment().put("TRIBUTARY_SANDBOX_SHOPIFY_PORT", "0");
            Process process = builder.start();
            List<String> log = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    lines.lines().forEach(log::add);
                } catch (IOException | java.io.UncheckedIOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            Server server = new Server(process, port, log);
            server.awaitReady();
            return server;
        }

        void awaitReady() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + String.join("\n", log));
                }
                try {
                    if (get("/actuator/health/readiness", null).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new AssertionError("the server did not become ready:\n" + String.join("\n", log));
        }

        void awaitLog(String text) throws InterruptedException {
            for (int i = 0; i < 50 && log.stream().noneMatch(line -> line.contains(text)); i++) {
                Thread.sleep(100);
            }
        }

        HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            assertThat(Files.exists(Path.of("target"))).isTrue();
        }
    }
}
