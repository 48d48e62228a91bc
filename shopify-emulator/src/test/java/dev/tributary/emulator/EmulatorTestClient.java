package dev.tributary.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP calls to a running emulator, for tests. Redirects are not followed. */
final class EmulatorTestClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    EmulatorTestClient(ShopifyEmulator emulator) {
        this.baseUrl = emulator.baseUrl();
    }

    Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Answer post(String path, Object json, String... headers) {
        return send("POST", path, json, headers);
    }

    Answer put(String path, Object json, String... headers) {
        return send("PUT", path, json, headers);
    }

    Answer delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /** Sends {@code body} as is (a String) or as JSON (anything else); headers come as name, value pairs. */
    Answer send(String method, String path, Object body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
                .timeout(Duration.ofSeconds(30));
        boolean hasContentType = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            hasContentType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !hasContentType) {
            request.header("Content-Type", "application/json");
        }
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        request.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        try {
            return new Answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates an app through the control API; answers its client id and secret. */
    JsonNode createApp(String clientId, String clientSecret) {
        return post("/_emulator/apps", Map.of("clientId", clientId, "clientSecret", clientSecret, "name", "Test app"))
                .json();
    }

    void createShop(String name) {
        post("/_emulator/shops", Map.of("name", name));
    }

    /** Installs an app directly (no OAuth) and answers the access token. */
    String install(String shop, String clientId, String scopes) {
        return post("/_emulator/shops/" + shop + "/installations", Map.of("clientId", clientId, "scopes", scopes))
                .json().get("accessToken").asString();
    }

    record Answer(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            return JSON.readTree(response.body());
        }

        @Override
        public String toString() {
            return response.statusCode() + " " + response.body();
        }
    }
}
