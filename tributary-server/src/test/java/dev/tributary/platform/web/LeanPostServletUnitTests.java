package dev.tributary.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** The lean path's own HTTP: body limits, methods, errors and request ids, as the filters and MVC gave them. */
class LeanPostServletUnitTests {

    private static final int LIMIT = 100;

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AtomicReference<byte[]> received = new AtomicReference<>();

    private LeanPostServlet servlet(Duration readTimeout, RuntimeException failure) {
        return new LeanPostServlet(new HttpProperties(DataSize.ofBytes(LIMIT), readTimeout),
                new ErrorResponseWriter(JsonMapper.builder().build()), metrics, true, "/x") {
            @Override
            protected byte[] answer(HttpServletRequest request, String path, byte[] body) {
                received.set(body);
                if (failure != null) {
                    throw failure;
                }
                return "{\"outcome\":\"stored\"}".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            protected boolean takes(String path) {
                return path == null;
            }
        };
    }

    private MockHttpServletResponse post(LeanPostServlet servlet, MockHttpServletRequest request) throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        servlet.service(request, response);
        return response;
    }

    private static MockHttpServletRequest request(String method, byte[] body, boolean declared) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/x");
        request.setServletPath("/x");
        request.setContent(body);
        if (!declared) {
            // As a chunked body: no length, read to its end.
            request = new MockHttpServletRequest(method, "/x") {
                @Override
                public long getContentLengthLong() {
                    return -1;
                }

                @Override
                public int getContentLength() {
                    return -1;
                }
            };
            request.setServletPath("/x");
            request.setContent(body);
        }
        return request;
    }

    @Test
    void a_body_up_to_the_limit_is_read_whole_declared_or_chunked() throws IOException {
        for (boolean declared : new boolean[] {true, false}) {
            for (int size : new int[] {0, 1, LIMIT - 1, LIMIT}) {
                byte[] body = new byte[size];
                java.util.Arrays.fill(body, (byte) 'a');
                MockHttpServletResponse response = post(servlet(Duration.ofSeconds(60), null), request("POST", body, declared));
                assertThat(response.getStatus()).as("%d bytes, declared %s", size, declared).isEqualTo(200);
                assertThat(received.get()).isEqualTo(body);
                assertThat(response.getContentAsString()).isEqualTo("{\"outcome\":\"stored\"}");
                assertThat(response.getContentType()).isEqualTo("application/json");
                assertThat(response.getHeader("X-Request-Id")).matches("[0-9a-f]{24}");
            }
        }
    }

    @Test
    void a_body_over_the_limit_is_refused_with_413_declared_or_chunked() throws IOException {
        for (boolean declared : new boolean[] {true, false}) {
            received.set(null);
            MockHttpServletRequest request = request("POST", new byte[LIMIT + 1], declared);
            MockHttpServletResponse response = post(servlet(Duration.ofSeconds(60), null), request);
            assertThat(response.getStatus()).isEqualTo(413);
            assertThat(response.getHeader("Connection")).isEqualTo("close");
            assertThat(response.getContentAsString()).contains("\"message\":\"Request body is larger than the limit of 100 bytes\"")
                    .contains("\"requestId\":\"" + response.getHeader("X-Request-Id") + "\"");
            assertThat(received.get()).isNull();
            // Read part-way: Tomcat is told not to drain the rest.
            assertThat(request.getAttribute(RefusedBodyValve.REFUSED)).isEqualTo(declared ? null : Boolean.TRUE);
        }
    }

    @Test
    void a_body_still_arriving_after_the_deadline_is_refused_with_408() throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x") {
            @Override
            public ServletInputStream getInputStream() {
                InputStream slow = new ByteArrayInputStream(new byte[10]);
                return new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return read(new byte[1], 0, 1);
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return slow.read(b, off, Math.min(len, 1));
                    }

                    @Override
                    public boolean isFinished() {
                        return false;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                    }
                };
            }
        };
        request.setServletPath("/x");
        MockHttpServletResponse response = post(servlet(Duration.ofMillis(50), null), request);
        assertThat(response.getStatus()).isEqualTo(408);
        assertThat(response.getContentAsString()).contains("\"message\":\"Request body took too long to arrive\"");
        assertThat(request.getAttribute(RefusedBodyValve.REFUSED)).isEqualTo(Boolean.TRUE);
    }

    @Test
    void other_methods_are_answered_as_spring_mvc_answered_them() throws IOException {
        MockHttpServletResponse get = post(servlet(Duration.ofSeconds(60), null), request("GET", new byte[0], true));
        assertThat(get.getStatus()).isEqualTo(405);
        assertThat(get.getHeader("Allow")).isEqualTo("POST");
        assertThat(get.getContentAsString()).contains("\"message\":\"Method GET is not allowed here; allowed: POST\"");
        MockHttpServletResponse options = post(servlet(Duration.ofSeconds(60), null), request("OPTIONS", new byte[0], true));
        assertThat(options.getStatus()).isEqualTo(200);
        assertThat(options.getHeader("Allow")).isEqualTo("POST,OPTIONS");
        MockHttpServletRequest html = request("POST", new byte[0], true);
        html.addHeader("Accept", "text/html");
        MockHttpServletResponse notAcceptable = post(servlet(Duration.ofSeconds(60), null), html);
        assertThat(notAcceptable.getStatus()).isEqualTo(406);
        MockHttpServletRequest elsewhere = request("POST", new byte[0], true);
        elsewhere.setPathInfo("/more");
        elsewhere.setRequestURI("/x/more");
        MockHttpServletResponse notFound = post(servlet(Duration.ofSeconds(60), null), elsewhere);
        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(notFound.getContentAsString()).contains("\"message\":\"No such resource: POST /x/more\"");
    }

    @Test
    void failures_are_answered_in_the_error_format_with_the_offered_request_id() throws IOException {
        MockHttpServletRequest request = request("POST", new byte[1], true);
        request.addHeader("X-Request-Id", "my-request-0001");
        MockHttpServletResponse refused = post(servlet(Duration.ofSeconds(60),
                new ApiException(HttpStatus.UNAUTHORIZED, "X-Shopify-Hmac-Sha256 is missing")), request);
        assertThat(refused.getStatus()).isEqualTo(401);
        assertThat(refused.getHeader("X-Request-Id")).isEqualTo("my-request-0001");
        assertThat(refused.getContentAsString())
                .isEqualTo("{\"message\":\"X-Shopify-Hmac-Sha256 is missing\",\"requestId\":\"my-request-0001\"}");
        MockHttpServletResponse failed = post(servlet(Duration.ofSeconds(60), new IllegalStateException("boom")),
                request("POST", new byte[1], true));
        assertThat(failed.getStatus()).isEqualTo(500);
        assertThat(failed.getContentAsString()).contains("Internal error").doesNotContain("boom");
        assertThat(metrics.get("tributary.http.lean.requests").tag("outcome", "4xx").timer().count()).isEqualTo(1);
        assertThat(metrics.get("tributary.http.lean.requests").tag("outcome", "5xx").timer().count()).isEqualTo(1);
    }
}
