package dev.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests, answers with their JSON parsed on demand. */
public final class ApiClient {

    public static final String API = "/elements/api-v2";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A client of any address: a packaged server's, a proxy's. */
    public static ApiClient at(String baseUrl) {
        return new ApiClient(baseUrl);
    }

    public Call call(String method, String path) {
        return new Call(method, path);
    }

    public Call get(String path) {
        return call("GET", path);
    }

    public Call post(String path, String json) {
        return call("POST", path).json(json);
    }

    public Call patch(String path, String json) {
        return call("PATCH", path).json(json);
    }

    /**
     * Sends only a request line and headers over a plain socket and reads the answer, for
     * requests that announce a body the server must refuse without reading.
     */
    public Answer rawHead(String requestLine, String... headers) {
        URI uri = URI.create(baseUrl);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: ").append(uri.getHost()).append("\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            socket.getOutputStream().write(head.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return Answer.read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** The platform header for a user and the organization. */
    public static String authorization(Credentials credentials) {
        return "User " + credentials.user() + ", Organization " + credentials.organization();
    }

    /** User and organization secrets. */
    public record Credentials(String user, String organization) {

        /** Reads the shell-style file the bootstrap writes. */
        public static Credentials fromFile(Path file) {
            Properties properties = new Properties();
            try (var reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Credentials(properties.getProperty("TRIBUTARY_USER_SECRET"),
                    properties.getProperty("TRIBUTARY_ORGANIZATION_SECRET"));
        }
    }

    /** One request being put together. */
    public final class Call {

        private final HttpRequest.Builder request;
        private final String method;
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        private Call(String method, String path) {
            this.method = method;
            this.request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        }

        public Call as(Credentials credentials) {
            return header("Authorization", authorization(credentials));
        }

        public Call header(String name, String value) {
            request.header(name, value);
            return this;
        }

        public Call json(String json) {
            request.header("Content-Type", "application/json");
            return body(HttpRequest.BodyPublishers.ofString(json));
        }

        public Call body(HttpRequest.BodyPublisher publisher) {
            this.body = publisher;
            return this;
        }

        public Answer send() {
            try {
                HttpResponse<String> response = http.send(request.method(method, body).build(),
                        HttpResponse.BodyHandlers.ofString());
                return new Answer(response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** An HTTP answer. */
    public record Answer(int status, java.util.Map<String, java.util.List<String>> headers, String body) {

        Answer(HttpResponse<String> response) {
            this(response.statusCode(), response.headers().map(), response.body());
        }

        /** Reads one answer that carries a Content-Length, without waiting for the connection to close. */
        static Answer read(java.io.InputStream in) throws IOException {
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            while (!head.toString(java.nio.charset.StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside the answer's head: " + head);
                }
                head.write(b);
            }
            Answer headOnly = parse(head.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
            int length = Integer.parseInt(headOnly.header("Content-Length"));
            String body = new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
            return new Answer(headOnly.status(), headOnly.headers(), body);
        }

        static Answer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, end).split("\r\n");
            java.util.Map<String, java.util.List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new java.util.ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4));
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
