package dev.tributary.elements;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tributary.shopify.ShopifyTopics;
import io.swagger.v3.oas.annotations.media.Schema;

/** The {@code shopify} element: what it is, the events it can raise and the configuration it takes. */
public final class ShopifyElement {

    /** The id the original platform gives the Shopify element. */
    public static final long ID = 48;
    public static final String KEY = "shopify";
    public static final String HUB = "ecommerce";
    public static final String DEFAULT_SCOPE = "write_orders,write_products,write_customers";

    /** One configuration key an instance of the element takes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ElementConfigurationKey")
    public record ConfigurationKey(String key, String name, String type, boolean required, String defaultValue,
            boolean secret, String description) {
    }

    /** The element as {@code GET /elements/{keyOrId}} shows it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "Element")
    public record Description(long id, String key, String name, String hub, Map<String, String> authentication,
            List<String> eventTypes, List<String> webhookTopics, List<String> complianceTopics,
            List<ConfigurationKey> configuration) {
    }

    public static final List<ConfigurationKey> CONFIGURATION = List.of(
            new ConfigurationKey("oauth.api.key", "API key", "text", true, null, false,
                    "The app's client id"),
            new ConfigurationKey("oauth.api.secret", "API secret", "password", true, null, true,
                    "The app's client secret; also verifies Shopify's webhooks"),
            new ConfigurationKey("oauth.callback.url", "Callback URL", "text", false, null, false,
                    "The app's redirect URL"),
            new ConfigurationKey("oauth.scope", "Scope", "text", false, DEFAULT_SCOPE, false,
                    "Scopes asked for"),
            new ConfigurationKey("shopify.site.address", "Shop", "text", false, null, false,
                    "The shop: mystore, mystore.myshopify.com or https://mystore.myshopify.com"),
            new ConfigurationKey("event.notification.enabled", "Events enabled", "boolean", false, "false", false,
                    "Turns event notifications on"),
            new ConfigurationKey("event.vendor.type", "Event type", "text", false, "webhook", false,
                    "webhook or polling"),
            new ConfigurationKey("shopify.webhook.topics", "Webhook topics", "text", false, null, false,
                    "Comma-separated Shopify webhook topics"),
            new ConfigurationKey("event.notification.callback.url", "Event notification callback URL", "text", false,
                    null, false, "Where notifications go; required when events are enabled"),
            new ConfigurationKey("event.notification.signature.key", "Callback notification signature key",
                    "password", false, null, true, "Turns on hash verification headers on notifications"),
            new ConfigurationKey("event.notification.subscription.id", "Webhook subscription ids", "text", false,
                    null, false, "Read-only: the ids of the Shopify webhook subscriptions made"),
            new ConfigurationKey("event.poller.refresh_interval", "Polling interval", "number", false, "15", false,
                    "Polling interval in minutes"),
            new ConfigurationKey("event.poller.configuration", "Polling configuration", "json", false, null, false,
                    "One entry per polled resource"),
            new ConfigurationKey("event.reconciliation.enabled", "Reconciliation", "boolean", false, "true", false,
                    "With webhooks: reads the shop periodically and sends the changes no webhook brought, "
                            + "and re-creates subscriptions Shopify removed"),
            new ConfigurationKey("event.reconciliation.interval", "Reconciliation interval", "number", false, "10",
                    false, "Minutes between reconciliation sweeps; fractions accepted"),
            new ConfigurationKey("event.delivery.ordering", "Delivery order", "text", false, "object", false,
                    "object: notifications about one object are delivered one at a time, in Shopify's order; "
                            + "none: as they come"),
            new ConfigurationKey("event.delivery.stale", "Stale notifications", "text", false, "deliver", false,
                    "What becomes of a notification older than one already delivered for its object: deliver "
                            + "(flagged \"stale\": true) or drop"));

    private ShopifyElement() {
    }

    public static Description describe() {
        Map<String, String> authentication = new LinkedHashMap<>();
        authentication.put("type", "oauth2");
        return new Description(ID, KEY, "Shopify", HUB, authentication, List.of("webhook", "polling"),
                ShopifyTopics.SUBSCRIBABLE, ShopifyTopics.COMPLIANCE, CONFIGURATION);
    }

    /** Whether {@code keyOrId} names this element: its key or its numeric id. */
    public static boolean matches(String keyOrId) {
        return KEY.equals(keyOrId) || Long.toString(ID).equals(keyOrId);
    }
}
