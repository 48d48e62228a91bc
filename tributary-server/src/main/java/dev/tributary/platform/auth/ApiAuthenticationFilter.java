package dev.tributary.platform.auth;

import java.io.IOException;
import java.util.Optional;

import dev.tributary.platform.web.ErrorResponseWriter;
import dev.tributary.platform.web.LoggedPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Authenticates every call under {@code /elements/api-v2} before anything else reads it; an
 * unauthenticated call learns nothing, not even whether the path exists.
 */
@Component
@FilterRegistration(order = Ordered.HIGHEST_PRECEDENCE + 20, servletClasses = DispatcherServlet.class)
class ApiAuthenticationFilter extends OncePerRequestFilter {

    /** Shopify's webhook addresses are under it too, but served by their own servlet, which checks the HMAC. */
    static final String API_PREFIX = "/elements/api-v2";

    private static final Logger log = LoggerFactory.getLogger(ApiAuthenticationFilter.class);

    private final Authenticator authenticator;
    private final ErrorResponseWriter errors;

    ApiAuthenticationFilter(Authenticator authenticator, ErrorResponseWriter errors) {
        this.authenticator = authenticator;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The container's normalized path, not the raw URI: "/events/shopify/../accounts" must not pass.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !(path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller;
        try {
            caller = authenticator.authenticate(AuthorizationHeader.parse(request.getHeader(HttpHeaders.AUTHORIZATION)));
        } catch (MalformedAuthorizationException e) {
            log.info("Refused {} {}: {}", request.getMethod(), LoggedPaths.of(request), e.getMessage());
            errors.write(request, response, HttpStatus.UNAUTHORIZED, e.getMessage());
            return;
        }
        if (caller.isEmpty()) {
            log.info("Refused {} {}: wrong credentials", request.getMethod(), LoggedPaths.of(request));
            errors.write(request, response, HttpStatus.UNAUTHORIZED, "Invalid credentials");
            return;
        }
        CallerArgumentResolver.set(request, caller.get());
        chain.doFilter(request, response);
    }
}
