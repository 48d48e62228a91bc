package dev.tributary.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Refuses bodies over {@code TRIBUTARY_MAX_BODY_SIZE} with 413: at once when the declared length is
 * too big, and while reading when a chunked body grows past it. Refuses with 408 a body still
 * arriving {@code TRIBUTARY_BODY_READ_TIMEOUT} after the request began, however steadily it trickles.
 */
@Component
@FilterRegistration(order = Ordered.HIGHEST_PRECEDENCE + 10, servletClasses = DispatcherServlet.class)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long limit;
    private final long readTimeoutNanos;
    private final ErrorResponseWriter errors;

    BodySizeLimitFilter(HttpProperties properties, ErrorResponseWriter errors) {
        this.limit = properties.maxBodySize().toBytes();
        this.readTimeoutNanos = properties.bodyReadTimeout().toNanos();
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            response.setHeader("Connection", "close");
            errors.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLargeMessage());
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, limit, System.nanoTime() + readTimeoutNanos), response);
        } catch (BodyTooLargeException e) {
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
                errors.write(request, response, HttpStatus.CONTENT_TOO_LARGE, tooLargeMessage());
            }
        } catch (BodyTooSlowException e) {
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
                errors.write(request, response, HttpStatus.REQUEST_TIMEOUT, BodyTooSlowException.MESSAGE);
            }
        }
    }

    private String tooLargeMessage() {
        return tooLargeMessage(limit);
    }

    /** The 413's message, the same wherever a body is read. */
    static String tooLargeMessage(long limit) {
        return "Request body is larger than the limit of " + limit + " bytes";
    }

    /** Thrown from a body read that passes the limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body exceeds the configured limit");
        }
    }

    /** Thrown from a body read that comes after the body's deadline. */
    static final class BodyTooSlowException extends IOException {
        static final String MESSAGE = "Request body took too long to arrive";

        BodyTooSlowException() {
            super(MESSAGE);
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private final long deadline;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit, long deadline) {
            super(request);
            this.limit = limit;
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit, deadline,
                        () -> setAttribute(RefusedBodyValve.REFUSED, Boolean.TRUE));
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private final long deadline;
        private final Runnable onRefused;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long limit, long deadline, Runnable onRefused) {
            this.delegate = delegate;
            this.limit = limit;
            this.deadline = deadline;
            this.onRefused = onRefused;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                onRefused.run();
                throw new BodyTooLargeException();
            }
            if (System.nanoTime() - deadline > 0) {
                onRefused.run();
                throw new BodyTooSlowException();
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
