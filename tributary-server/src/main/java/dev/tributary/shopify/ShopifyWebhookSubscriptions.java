package dev.tributary.shopify;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Webhook subscriptions at Shopify, made and removed through the GraphQL Admin API. */
@Component
public class ShopifyWebhookSubscriptions {

    private static final String CREATE = """
            mutation subscribe($topic: WebhookSubscriptionTopic!, $subscription: WebhookSubscriptionInput!) {
              webhookSubscriptionCreate(topic: $topic, webhookSubscription: $subscription) {
                webhookSubscription { id topic }
                userErrors { field message }
              }
            }
            """;

    private static final String FIND = """
            query existing($topic: WebhookSubscriptionTopic!, $callbackUrl: URL!) {
              webhookSubscriptions(first: 10, topics: [$topic], callbackUrl: $callbackUrl) {
                edges { node { id topic endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } } }
              }
            }
            """;

    private static final String LIST = """
            query ids($after: String) {
              webhookSubscriptions(first: 250, after: $after) {
                edges { node { id } }
                pageInfo { hasNextPage endCursor }
              }
            }
            """;

    private static final String DELETE = """
            mutation unsubscribe($id: ID!) {
              webhookSubscriptionDelete(id: $id) {
                deletedWebhookSubscriptionId
                userErrors { field message }
              }
            }
            """;

    private final ShopifyClient client;

    ShopifyWebhookSubscriptions(ShopifyClient client) {
        this.client = client;
    }

    /**
     * Subscribes {@code address} to {@code topic} (JSON format) and answers the subscription's id. A
     * subscription Shopify says exists already for that topic and address is adopted.
     *
     * @throws ShopifyException.Refused with Shopify's words when it refuses for another reason
     */
    public String subscribe(ShopDomain shop, String accessToken, String topic, String address) {
        String graphqlTopic = ShopifyTopics.toGraphqlEnum(topic);
        JsonNode payload = client.graphql(shop, accessToken, CREATE, Map.of(
                "topic", graphqlTopic,
                "subscription", Map.of("callbackUrl", address, "format", "JSON")), false)
                .path("webhookSubscriptionCreate");
        JsonNode errors = payload.path("userErrors");
        if (errors.isEmpty()) {
            return payload.path("webhookSubscription").path("id").asString();
        }
        if (errors.toString().toLowerCase(java.util.Locale.ROOT).contains("already been taken")) {
            Optional<String> existing = find(shop, accessToken, graphqlTopic, address);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        throw new ShopifyException.Refused(422, userErrors(errors));
    }

    /** Removes a subscription; one that is gone already counts as removed. */
    public void unsubscribe(ShopDomain shop, String accessToken, String subscriptionId) {
        JsonNode payload = client.graphql(shop, accessToken, DELETE, Map.of("id", subscriptionId), true)
                .path("webhookSubscriptionDelete");
        JsonNode errors = payload.path("userErrors");
        if (!errors.isEmpty() && !errors.toString().toLowerCase(java.util.Locale.ROOT).contains("not exist")
                && !errors.toString().toLowerCase(java.util.Locale.ROOT).contains("not found")) {
            throw new ShopifyException.Refused(422, userErrors(errors));
        }
    }

    /** The ids of every webhook subscription the app holds at the shop, page by page. */
    public Set<String> ids(ShopDomain shop, String accessToken) {
        Set<String> ids = new HashSet<>();
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("after", after);
            JsonNode page = client.graphql(shop, accessToken, LIST, variables, true).path("webhookSubscriptions");
            for (JsonNode edge : page.path("edges")) {
                ids.add(edge.path("node").path("id").asString());
            }
            after = page.path("pageInfo").path("hasNextPage").asBoolean(false)
                    ? page.path("pageInfo").path("endCursor").asString(null) : null;
        } while (after != null);
        return ids;
    }

    private Optional<String> find(ShopDomain shop, String accessToken, String graphqlTopic, String address) {
        JsonNode edges = client.graphql(shop, accessToken, FIND,
                Map.of("topic", graphqlTopic, "callbackUrl", address), true)
                .path("webhookSubscriptions").path("edges");
        for (JsonNode edge : edges) {
            JsonNode node = edge.path("node");
            if (address.equals(node.path("endpoint").path("callbackUrl").asString(""))) {
                return Optional.of(node.path("id").asString());
            }
        }
        return Optional.empty();
    }

    private static String userErrors(JsonNode errors) {
        List<String> messages = new java.util.ArrayList<>();
        for (JsonNode error : errors) {
            String field = error.path("field").isArray() ? String.join(".", error.path("field").valueStream()
                    .map(f -> f.asString()).toList()) : "";
            messages.add((field.isEmpty() ? "" : field + ": ") + error.path("message").asString(""));
        }
        return String.join("; ", messages);
    }
}
