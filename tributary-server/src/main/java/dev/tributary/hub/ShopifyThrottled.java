package dev.tributary.hub;

/** Shopify kept rate limiting a hub call after the client's waits: answered 503 with {@code Retry-After}. */
final class ShopifyThrottled extends RuntimeException {

    private final String providerMessage;

    ShopifyThrottled(String message, String providerMessage) {
        super(message, null, false, false);
        this.providerMessage = providerMessage;
    }

    String providerMessage() {
        return providerMessage;
    }
}
