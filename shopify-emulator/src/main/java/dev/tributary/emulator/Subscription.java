package dev.tributary.emulator;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription of one app on one shop. Immutable: an update replaces it in the shop.
 *
 * @param id          numeric id; GraphQL shows it as {@code gid://shopify/WebhookSubscription/<id>}
 * @param fields      the payload fields to keep; empty means all
 */
public record Subscription(long id, String clientId, String topic, String address, String format,
        List<String> fields, List<String> metafieldNamespaces, String apiVersion, Instant createdAt,
        Instant updatedAt) {

    public Subscription {
        fields = fields == null ? List.of() : List.copyOf(fields);
        metafieldNamespaces = metafieldNamespaces == null ? List.of() : List.copyOf(metafieldNamespaces);
    }

    public String graphqlId() {
        return "gid://shopify/WebhookSubscription/" + id;
    }

    public Subscription withAddress(String newAddress, List<String> newFields, Instant now) {
        return new Subscription(id, clientId, topic, newAddress, format, newFields == null ? fields : newFields,
                metafieldNamespaces, apiVersion, createdAt, now);
    }
}
