package dev.tributary.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The sandbox's Shopify: the emulator's port, its shop and the app a newcomer connects with. */
@ConfigurationProperties("tributary.sandbox")
public record SandboxProperties(int shopifyPort, String shop, String apiKey, String apiSecret) {

    public SandboxProperties {
        shop = shop == null || shop.isBlank() ? "sandbox-shop" : shop;
        apiKey = apiKey == null || apiKey.isBlank() ? "sandbox-app" : apiKey;
        apiSecret = apiSecret == null || apiSecret.isBlank() ? "sandbox-app-secret" : apiSecret;
    }
}
