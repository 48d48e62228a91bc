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

        private final int status;
        private final String providerMessage;

        public Unavailable(String message, Throwable cause) {
            this(message, cause, 0, null);
        }

        /** Shopify answered {@code status} (5xx, or 429 after the waits allowed), saying {@code providerMessage}. */
        public Unavailable(String message, Throwable cause, int status, String providerMessage) {
            super(message, cause);
            this.status = status;
            this.providerMessage = providerMessage;
        }

        /** Shopify's last status, or 0 when it was not reached. */
        public int status() {
            return status;
        }

        /** Shopify's words, or null when it said nothing readable. */
        public String providerMessage() {
            return providerMessage;
        }
    }
}
