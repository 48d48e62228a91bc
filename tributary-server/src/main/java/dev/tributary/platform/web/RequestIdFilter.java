package dev.tributary.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistration;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Gives every request an id, echoed in {@code X-Request-Id}, carried in every log line made
 * while serving it and in every error body, and writes one access log line per request.
 */
@Component
@FilterRegistration(order = Ordered.HIGHEST_PRECEDENCE, servletClasses = DispatcherServlet.class)
class RequestIdFilter extends OncePerRequestFilter {

    private static final Logger access = LoggerFactory.getLogger("dev.tributary.access");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = RequestIds.chooseFor(request);
        request.setAttribute(RequestIds.ATTRIBUTE, requestId);
        response.setHeader(RequestIds.HEADER, requestId);
        MDC.put(RequestIds.MDC_KEY, requestId);
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (access.isInfoEnabled()) {
                // The query string is left out: it may carry secrets (oauth/url takes apiSecret).
                access.info("{} {} {} {}ms", request.getMethod(), LoggedPaths.of(request), response.getStatus(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
