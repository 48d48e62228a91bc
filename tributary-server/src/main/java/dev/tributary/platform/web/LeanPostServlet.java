package dev.tributary.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A hot {@code POST} address served ahead of Spring MVC and its filters (the webhook addresses and
 * the benchmark's no-op), doing itself, and only, what they did for it: the request id
 * ({@link RequestIdFilter}), the body's size and time limits ({@link BodySizeLimitFilter}), the
 * SPEC 2.2 error body, 405 for other methods, one access line and one timer per request.
 */
public abstract class LeanPostServlet extends HttpServlet {

    private static final Logger access = LoggerFactory.getLogger("dev.tributary.access");
    private static final Logger log = LoggerFactory.getLogger(LeanPostServlet.class);
    private static final String ALLOW = "POST";
    private static final String ALLOW_WITH_OPTIONS = "POST,OPTIONS";
    /** A body without a declared length is read in steps of this size. */
    private static final int CHUNK = 8192;

    private final long limit;
    private final long readTimeoutNanos;
    private final ErrorResponseWriter errors;
    private final boolean answersJson;
    /** One timer per address and status class (2xx to 5xx): looked up by index, never by tags, per request. */
    private final Timer[][] timers;

    /**
     * @param answersJson whether {@link #answer} writes JSON, so a client accepting none is answered 406 as MVC did
     * @param addresses the addresses as the timer's {@code uri} tag shows them (patterns, never a key);
     *        {@link #addressOf} picks one per request
     */
    protected LeanPostServlet(HttpProperties properties, ErrorResponseWriter errors, MeterRegistry metrics,
            boolean answersJson, String... addresses) {
        this.limit = properties.maxBodySize().toBytes();
        this.readTimeoutNanos = properties.bodyReadTimeout().toNanos();
        this.errors = errors;
        this.answersJson = answersJson;
        this.timers = new Timer[addresses.length][6];
        for (int a = 0; a < addresses.length; a++) {
            for (int i = 2; i <= 5; i++) {
                timers[a][i] = Timer.builder("tributary.http.lean.requests")
                        .description("Requests to the addresses served ahead of Spring MVC, from arrival to answer")
                        .tag("uri", addresses[a]).tag("outcome", i + "xx")
                        .register(metrics);
            }
        }
    }

    /**
     * Serves one request whose body has been read within the limits: answers 200 with the bytes
     * returned (nothing when null), or throws {@link ApiException} for an error answer.
     *
     * @param path the path after the servlet's mapping ({@code getPathInfo}), null when there is none
     */
    protected abstract byte[] answer(HttpServletRequest request, String path, byte[] body);

    /** Whether this servlet takes the path after its mapping; a path it does not take is a 404 as in MVC. */
    protected abstract boolean takes(String path);

    /** The index of the address, among those given to the constructor, that the path is timed under. */
    protected int addressOf(String path) {
        return 0;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        String requestId = RequestIds.chooseFor(request);
        request.setAttribute(RequestIds.ATTRIBUTE, requestId);
        response.setHeader(RequestIds.HEADER, requestId);
        MDC.put(RequestIds.MDC_KEY, requestId);
        try {
            serve(request, response, started);
        } catch (ApiException e) {
            log.info("{} {} answered {}: {}", request.getMethod(), LoggedPaths.of(request), e.status().value(),
                    e.getMessage());
            error(request, response, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Unexpected failure serving {} {}", request.getMethod(), LoggedPaths.of(request), e);
            error(request, response, HttpStatus.INTERNAL_SERVER_ERROR,
                    "Internal error; the server log has the details under this requestId");
        } finally {
            long elapsed = System.nanoTime() - started;
            int status = response.getStatus();
            int statusClass = status / 100;
            if (statusClass >= 2 && statusClass <= 5) {
                timers[addressOf(request.getPathInfo())][statusClass].record(elapsed, TimeUnit.NANOSECONDS);
            }
            if (access.isInfoEnabled()) {
                // The same words as RequestIdFilter's line, the same logger; the path as LoggedPaths shows it.
                access.info(accessLine(request.getMethod(), LoggedPaths.of(request), status, elapsed / 1_000_000));
            }
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /** The access line as RequestIdFilter writes it ({@code "POST /path 200 3ms"}), made in one builder. */
    static String accessLine(String method, String path, int status, long millis) {
        return new StringBuilder(method.length() + path.length() + 16)
                .append(method).append(' ').append(path).append(' ').append(status).append(' ')
                .append(millis).append("ms").toString();
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, long started) throws IOException {
        String path = request.getPathInfo();
        if (!takes(path)) {
            // As Spring MVC answers an address it has no mapping for.
            error(request, response, HttpStatus.NOT_FOUND,
                    "No such resource: " + request.getMethod() + " " + request.getRequestURI());
            return;
        }
        String method = request.getMethod();
        if (!"POST".equals(method)) {
            if ("OPTIONS".equals(method)) {
                response.setHeader(HttpHeaders.ALLOW, ALLOW_WITH_OPTIONS);
                response.setContentLength(0);
                return;
            }
            response.setHeader(HttpHeaders.ALLOW, ALLOW);
            error(request, response, HttpStatus.METHOD_NOT_ALLOWED,
                    "Method " + method + " is not allowed here; allowed: " + ALLOW);
            return;
        }
        if (answersJson && !acceptsJson(request.getHeader(HttpHeaders.ACCEPT))) {
            response.setHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
            error(request, response, HttpStatus.NOT_ACCEPTABLE, "This resource answers application/json only");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
            error(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLargeMessage());
            return;
        }
        byte[] body;
        try {
            body = readBody(request.getInputStream(), declared, started + readTimeoutNanos);
        } catch (BodyRefused refused) {
            // Tomcat is told not to read the rest (RefusedBodyValve), and the connection ends after the answer.
            request.setAttribute(RefusedBodyValve.REFUSED, Boolean.TRUE);
            response.setHeader(HttpHeaders.CONNECTION, "close");
            error(request, response, refused.status, refused.getMessage());
            return;
        } catch (IOException e) {
            // The container has answered it already when it could (408 for a read that timed out, 400 otherwise),
            // or the client is gone; as with MVC, nothing is added.
            log.debug("Body of {} {} could not be read: {}", method, LoggedPaths.of(request), e.toString());
            return;
        }
        byte[] answer = answer(request, path, body);
        if (answer != null) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(answer.length);
            response.getOutputStream().write(answer);
        } else {
            response.setContentLength(0);
        }
    }

    /**
     * Reads the whole body, refusing it past the size limit (413) or once the deadline has passed
     * (408), however steadily it trickles in: the checks {@link BodySizeLimitFilter} makes per read.
     */
    private byte[] readBody(InputStream in, long declared, long deadline) throws IOException {
        if (declared == 0) {
            return new byte[0];
        }
        byte[] buffer = new byte[declared > 0 ? (int) declared : (int) Math.min(CHUNK, limit)];
        int read = 0;
        while (true) {
            if (read == buffer.length) {
                if (declared > 0) {
                    // All that was declared has arrived; the container ends the body there.
                    return buffer;
                }
                if (read >= limit) {
                    if (in.read() < 0) {
                        return buffer;
                    }
                    throw new BodyRefused(HttpStatus.CONTENT_TOO_LARGE, tooLargeMessage());
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(Math.min(limit, Integer.MAX_VALUE - 8), (long) buffer.length * 2));
            }
            int n = in.read(buffer, read, buffer.length - read);
            if (n < 0) {
                return read == buffer.length ? buffer : Arrays.copyOf(buffer, read);
            }
            read += n;
            if (System.nanoTime() - deadline > 0) {
                throw new BodyRefused(HttpStatus.REQUEST_TIMEOUT, BodySizeLimitFilter.BodyTooSlowException.MESSAGE);
            }
        }
    }

    private static boolean acceptsJson(String accept) {
        if (accept == null || accept.isEmpty() || accept.equals("*/*") || accept.equals(MediaType.APPLICATION_JSON_VALUE)) {
            return true;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.isEmpty() || types.stream().anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private String tooLargeMessage() {
        return BodySizeLimitFilter.tooLargeMessage(limit);
    }

    private void error(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        errors.write(request, response, status, message);
    }

    /** A body refused part-way, with the status and message of its answer. */
    private static final class BodyRefused extends IOException {
        private final HttpStatus status;

        BodyRefused(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}
