package dev.tributary.shopify;

/** A call to Shopify that did not succeed. */
public abstract sealed class ShopifyException extends RuntimeException
        permits ShopifyException.Refused, ShopifyException.Unavailable {

    ShopifyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Shopify answered and said no (4xx, GraphQL errors); {@code providerMessage} is Shopify's words. */
    public static final class Refused extends ShopifyException {

        private final int status;
        private final String providerMessage;

        public Refused(int status, String providerMessage) {
            super("Shopify refused the call (" + status + "): " + providerMessage, null);
            this.status = status;
            this.providerMessage = providerMessage;
        }

        public int status() {
            return status;
        }

        public String providerMessage() {
            return providerMessage;
        }
    }

    /** Shopify could not be reached, timed out or failed (5xx) after the retries allowed. */
    public static final class Unavailable extends ShopifyException {

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
