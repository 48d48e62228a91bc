package dev.tributary.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** What the JDK's client really throws, turned into the words an operator reads. */
class AttemptOutcomesUnitTests {

    static final Duration CONNECT = Duration.ofSeconds(5);
    /** Long enough for a TLS handshake on a busy machine; only the silent callback waits it out. */
    static final Duration REQUEST = Duration.ofSeconds(2);

    @Test
    void a_closed_port_is_a_refused_connection_naming_the_address() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AttemptOutcomes.Failure failure = failureOf("http://127.0.0.1:" + port + "/hook");
        assertThat(failure.reason()).isEqualTo("refused");
        assertThat(failure.cause()).isEqualTo("connection refused to 127.0.0.1:" + port);
    }

    @Test
    void a_callback_that_never_answers_is_a_timeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            AttemptOutcomes.Failure failure = failureOf("http://127.0.0.1:" + silent.getLocalPort() + "/hook");
            assertThat(failure.reason()).isEqualTo("timeout");
            assertThat(failure.cause()).isEqualTo("no answer from 127.0.0.1:" + silent.getLocalPort() + " within 2000 ms");
        }
    }

    @Test
    void a_callback_that_hangs_up_is_a_closed_connection() throws Exception {
        try (ServerSocket rude = new ServerSocket(0)) {
            Thread closer = new Thread(() -> {
                try (Socket accepted = rude.accept()) {
                    accepted.getInputStream().read();
                } catch (IOException e) {
                    // the test is over
                }
            });
            closer.start();
            AttemptOutcomes.Failure failure = failureOf("http://127.0.0.1:" + rude.getLocalPort() + "/hook");
            assertThat(failure.reason()).isEqualTo("closed");
            assertThat(failure.cause()).contains("127.0.0.1:" + rude.getLocalPort());
            closer.join();
        }
    }

    @Test
    void a_plain_http_server_behind_an_https_url_is_a_tls_failure() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            Thread answer = new Thread(() -> {
                try (Socket accepted = plain.accept()) {
                    accepted.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (IOException e) {
                    // the test is over
                }
            });
            answer.start();
            AttemptOutcomes.Failure failure = failureOf("https://127.0.0.1:" + plain.getLocalPort() + "/hook");
            assertThat(failure.reason()).isEqualTo("tls");
            assertThat(failure.cause()).startsWith("TLS with 127.0.0.1:" + plain.getLocalPort() + " failed: ");
            answer.join();
        }
    }

    @Test
    void a_host_that_does_not_resolve_says_so() throws Exception {
        AttemptOutcomes.Failure failure = failureOf("http://no-such-host.invalid/hook");
        assertThat(failure.reason()).isEqualTo("dns");
        assertThat(failure.cause()).isEqualTo("host no-such-host.invalid does not resolve");
    }

    @Test
    void status_classes_and_default_ports() {
        assertThat(AttemptOutcomes.statusClass(204)).isEqualTo("2xx");
        assertThat(AttemptOutcomes.statusClass(503)).isEqualTo("5xx");
        assertThat(AttemptOutcomes.statusClass(999)).isEqualTo("other");
        assertThat(AttemptOutcomes.hostAndPort("https://example.com/x?token=secret")).isEqualTo("example.com:443");
        assertThat(AttemptOutcomes.hostAndPort("http://example.com/x")).isEqualTo("example.com:80");
    }

    static AttemptOutcomes.Failure failureOf(String url) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
            throw new AssertionError("answered " + response.statusCode());
        } catch (IOException e) {
            return AttemptOutcomes.of(e, url, CONNECT, REQUEST);
        }
    }
}
