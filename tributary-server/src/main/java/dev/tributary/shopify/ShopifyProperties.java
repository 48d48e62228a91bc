package dev.tributary.shopify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How Tributary reaches Shopify. {@code baseUrl} (null when not configured) may contain
 * {@code {shop}}, replaced by the shop's handle, so the service can be pointed at the emulator.
 */
@ConfigurationProperties("tributary.shopify")
public record ShopifyProperties(String baseUrl, String apiVersion, Duration connectTimeout, Duration requestTimeout,
        int maxAttempts, Duration maxThrottleWait) {

    public static final String DEFAULT_BASE_URL = "https://{shop}.myshopify.com";

    public ShopifyProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : stripTrailingSlash(baseUrl.strip());
        apiVersion = apiVersion == null || apiVersion.isBlank() ? "2025-10" : apiVersion;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
        maxThrottleWait = maxThrottleWait == null ? Duration.ofSeconds(60) : maxThrottleWait;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
