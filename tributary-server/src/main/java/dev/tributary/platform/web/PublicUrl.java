package dev.tributary.platform.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The address Shopify and users reach this service at: {@code TRIBUTARY_PUBLIC_URL}, or
 * {@code http://localhost:<port>} when unset.
 */
@Component
public class PublicUrl {

    /** Where Shopify sends an instance's webhooks, below the base; the instance key follows. */
    public static final String WEBHOOK_PATH = "/elements/api-v2/events/shopify/";

    private final String configured;
    private final Environment environment;

    PublicUrl(@Value("${tributary.public-url:}") String configured, Environment environment) {
        this.configured = configured == null ? "" : configured.strip();
        this.environment = environment;
    }

    /** The base without a trailing slash. */
    public String base() {
        if (!configured.isEmpty()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://localhost:" + port;
    }

    /** Whether {@code value} is an absolute http(s) URL with a host. */
    public static boolean isHttpUrl(String value) {
        if (value == null) {
            return false;
        }
        try {
            java.net.URI uri = new java.net.URI(value.strip());
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
