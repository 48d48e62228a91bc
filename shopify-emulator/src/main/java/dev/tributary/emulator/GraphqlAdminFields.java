package dev.tributary.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tributary.emulator.WebhookSubscriptions.Problem;
import dev.tributary.emulator.WebhookSubscriptions.Result;
import dev.tributary.emulator.http.Response;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * The root fields of the GraphQL subset: the shop, and the calling app's webhook subscriptions
 * read and changed through {@link WebhookSubscriptions}, answered in the shapes of Shopify's schema.
 */
final class GraphqlAdminFields {

    /** Keys of the per-request GraphQL context. */
    static final String INSTALLATION = "installation";
    static final String API_VERSION = "apiVersion";

    static final int MAX_PAGE_SIZE = 250;

    private static final Pattern SUBSCRIPTION_GID = Pattern.compile("gid://shopify/WebhookSubscription/(\\d+)");
    private static final Pattern ANY_GID = Pattern.compile("gid://shopify/[A-Za-z]+/\\d+");
    private static final String INPUT = "webhookSubscription";

    private final WebhookSubscriptions subscriptions;
    private final GraphqlSubscriptionFilters filters;
    private final EmulatorSettings settings;

    GraphqlAdminFields(WebhookSubscriptions subscriptions, GraphqlSubscriptionFilters filters,
            EmulatorSettings settings) {
        this.subscriptions = subscriptions;
        this.filters = filters;
        this.settings = settings;
    }

    Object shop(DataFetchingEnvironment env) {
        Shop shop = installation(env).shop();
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", "gid://shopify/Shop/" + Math.abs((long) shop.domain().hashCode()));
        node.put("name", shop.name());
        node.put("myshopifyDomain", shop.domain());
        return node;
    }

    Object webhookSubscription(DataFetchingEnvironment env) {
        String gid = env.getArgument("id");
        if (!ANY_GID.matcher(gid).matches()) {
            return invalidId(env, gid);
        }
        Long id = subscriptionId(gid);
        return id == null ? null : subscriptions.get(installation(env), id).map(this::node).orElse(null);
    }

    /** A page of the app's subscriptions, filtered, in id order (the order they were created in). */
    Object webhookSubscriptions(DataFetchingEnvironment env) {
        Integer first = env.getArgument("first");
        Integer last = env.getArgument("last");
        if (first == null && last == null) {
            return error(env, "you must provide one of first or last", "BAD_REQUEST");
        }
        if (first != null && (first < 0 || first > MAX_PAGE_SIZE) || last != null && (last < 0 || last > MAX_PAGE_SIZE)) {
            return error(env, "first and last must be between 0 and " + MAX_PAGE_SIZE, "BAD_REQUEST");
        }
        boolean reverse = Boolean.TRUE.equals(env.getArgument("reverse"));
        List<Subscription> all = matching(env);
        all.sort(reverse ? Comparator.comparingLong(Subscription::id).reversed() : Comparator.comparingLong(Subscription::id));
        int from = 0;
        int to = all.size();
        String after = env.getArgument("after");
        String before = env.getArgument("before");
        Long afterId = after == null ? null : cursorId(after);
        Long beforeId = before == null ? null : cursorId(before);
        if (after != null && afterId == null || before != null && beforeId == null) {
            return error(env, "Invalid cursor for current pagination sort.", "BAD_REQUEST");
        }
        if (afterId != null) {
            while (from < to && !comesAfter(all.get(from).id(), afterId, reverse)) {
                from++;
            }
        }
        if (beforeId != null) {
            while (to > from && !comesAfter(beforeId, all.get(to - 1).id(), reverse)) {
                to--;
            }
        }
        if (first != null) {
            to = Math.min(to, from + first);
        }
        if (last != null) {
            from = Math.max(from, to - last);
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Subscription subscription : all.subList(from, to)) {
            Map<String, Object> node = node(subscription);
            nodes.add(node);
            edges.add(Map.of("cursor", cursor(subscription.id()), "node", node));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", to < all.size());
        pageInfo.put("hasPreviousPage", from > 0);
        pageInfo.put("startCursor", edges.isEmpty() ? null : edges.get(0).get("cursor"));
        pageInfo.put("endCursor", edges.isEmpty() ? null : edges.get(edges.size() - 1).get("cursor"));
        return Map.of("edges", edges, "nodes", nodes, "pageInfo", pageInfo);
    }

    Object webhookSubscriptionsCount(DataFetchingEnvironment env) {
        int count = subscriptions.list(installation(env)).size();
        Integer limit = env.getArgument("limit");
        boolean capped = limit != null && count > limit;
        return Map.of("count", capped ? limit : count, "precision", capped ? "AT_LEAST" : "EXACT");
    }

    Object webhookSubscriptionCreate(DataFetchingEnvironment env) {
        Installation installation = installation(env);
        String topic = Topics.fromGraphql(env.getArgument("topic"));
        String scope = requiredScope(topic);
        if (scope != null && !installation.hasScope(scope)) {
            return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(env)
                    .message("Access denied for webhookSubscriptionCreate field. Required access: `%s` access scope.", scope)
                    .extensions(Map.of("code", "ACCESS_DENIED",
                            "documentation", "https://shopify.dev/api/usage/access-scopes",
                            "requiredAccess", "`" + scope + "` access scope."))
                    .build()).build();
        }
        Map<String, Object> input = env.getArgument(INPUT);
        String addressField = input.get("uri") != null ? "uri" : "callbackUrl";
        String address = (String) input.get(addressField);
        if (address == null || address.isBlank()) {
            return payload(null, userError(List.of(INPUT, addressField), "Address can't be blank"));
        }
        String format = input.get("format") == null ? null : ((String) input.get("format")).toLowerCase(Locale.ROOT);
        Result result = subscriptions.create(installation, topic, address, format, strings(input, "includeFields"),
                strings(input, "metafieldNamespaces"), apiVersion(env));
        if (!result.isOk()) {
            return payload(null, problem(result.problem(), addressField));
        }
        filters.set(result.subscription(), (String) input.get("filter"));
        return payload(node(result.subscription()), null);
    }

    /**
     * Changes the address, included fields and filter. Format and metafield namespaces stay as they
     * were: {@link WebhookSubscriptions#update} does not change them.
     */
    Object webhookSubscriptionUpdate(DataFetchingEnvironment env) {
        String gid = env.getArgument("id");
        if (!ANY_GID.matcher(gid).matches()) {
            return invalidId(env, gid);
        }
        Long id = subscriptionId(gid);
        if (id == null) {
            return payload(null, problem(Problem.NOT_FOUND, null));
        }
        Map<String, Object> input = env.getArgument(INPUT);
        String addressField = input.get("uri") != null ? "uri" : "callbackUrl";
        Result result = subscriptions.update(installation(env), id, (String) input.get(addressField),
                strings(input, "includeFields"));
        if (!result.isOk()) {
            return payload(null, problem(result.problem(), addressField));
        }
        if (input.containsKey("filter")) {
            filters.set(result.subscription(), (String) input.get("filter"));
        }
        return payload(node(result.subscription()), null);
    }

    Object webhookSubscriptionDelete(DataFetchingEnvironment env) {
        String gid = env.getArgument("id");
        if (!ANY_GID.matcher(gid).matches()) {
            return invalidId(env, gid);
        }
        Long id = subscriptionId(gid);
        Result result = id == null ? Result.refused(Problem.NOT_FOUND) : subscriptions.delete(installation(env), id);
        Map<String, Object> payload = new LinkedHashMap<>();
        if (result.isOk()) {
            filters.forget(result.subscription());
            payload.put("deletedWebhookSubscriptionId", result.subscription().graphqlId());
            payload.put("userErrors", List.of());
        } else {
            payload.put("deletedWebhookSubscriptionId", null);
            payload.put("userErrors", List.of(problem(result.problem(), null)));
        }
        return payload;
    }

    /**
     * The read scope an app needs to subscribe to a topic, or null. Shopify asks for the scope of
     * the topic's resource (an app that may not read orders may not hear of them either); the
     * emulator follows that for every resource topic and leaves {@code app/*} and {@code shop/*},
     * which any installed app may subscribe to, open. Fulfillments, refunds, carts and checkouts
     * go with orders, and collections with products, as their payloads carry that data.
     */
    static String requiredScope(String topic) {
        String resource = topic.substring(0, topic.indexOf('/'));
        return switch (resource) {
            case "orders", "fulfillments", "refunds", "carts", "checkouts" -> "read_orders";
            case "customers" -> "read_customers";
            case "products", "collections" -> "read_products";
            case "inventory_levels", "inventory_items" -> "read_inventory";
            default -> null;
        };
    }

    /** An opaque cursor that stays valid while the list changes: it names the last id seen. */
    static String cursor(long id) {
        String json = "{\"last_id\":" + id + ",\"last_value\":\"" + id + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The id a cursor names, or null when it is not one of ours. */
    static Long cursorId(String cursor) {
        try {
            JsonNode json = Response.JSON.readTree(Base64.getUrlDecoder().decode(cursor));
            JsonNode id = json.get("last_id");
            return id != null && id.isIntegralNumber() ? id.asLong() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Map<String, Object> node(Subscription subscription) {
        Map<String, Object> node = new LinkedHashMap<>();
        String version = subscription.apiVersion() == null ? settings.apiVersion() : subscription.apiVersion();
        node.put("id", subscription.graphqlId());
        node.put("legacyResourceId", subscription.id());
        node.put("topic", Topics.toGraphql(subscription.topic()));
        node.put("format", subscription.format().toUpperCase(Locale.ROOT));
        node.put("includeFields", subscription.fields());
        node.put("metafieldNamespaces", subscription.metafieldNamespaces());
        node.put("createdAt", subscription.createdAt());
        node.put("updatedAt", subscription.updatedAt());
        node.put("apiVersion", Map.of("handle", version,
                "displayName", version.equals(settings.apiVersion()) ? version + " (Latest)" : version,
                "supported", true));
        node.put("endpoint", Map.of("callbackUrl", subscription.address()));
        node.put("callbackUrl", subscription.address());
        node.put("uri", subscription.address());
        node.put("filter", filters.of(subscription));
        return node;
    }

    private List<Subscription> matching(DataFetchingEnvironment env) {
        List<String> topics = env.getArgument("topics");
        String callbackUrl = env.getArgument("callbackUrl");
        String uri = env.getArgument("uri");
        String format = env.getArgument("format");
        List<Subscription> matching = new ArrayList<>();
        for (Subscription subscription : subscriptions.list(installation(env))) {
            if ((topics == null || topics.contains(Topics.toGraphql(subscription.topic())))
                    && (callbackUrl == null || callbackUrl.equals(subscription.address()))
                    && (uri == null || uri.equals(subscription.address()))
                    && (format == null || format.equalsIgnoreCase(subscription.format()))) {
                matching.add(subscription);
            }
        }
        return matching;
    }

    private static boolean comesAfter(long id, long other, boolean reverse) {
        return reverse ? id < other : id > other;
    }

    private static Long subscriptionId(String gid) {
        Matcher matcher = SUBSCRIPTION_GID.matcher(gid);
        if (!matcher.matches()) {
            return null;
        }
        try {
            return Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> problem(Problem problem, String addressField) {
        return switch (problem) {
            case ADDRESS_TAKEN -> userError(List.of(INPUT, addressField), "Address for this topic has already been taken");
            case ADDRESS_INVALID -> userError(List.of(INPUT, addressField), "Address is invalid");
            case FORMAT_INVALID -> userError(List.of(INPUT, "format"), "Format is invalid");
            case TOPIC_INVALID -> userError(List.of("topic"), "Topic is invalid");
            case NOT_FOUND -> userError(List.of("id"), "Webhook subscription does not exist");
        };
    }

    private static Map<String, Object> userError(List<String> field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    private static Map<String, Object> payload(Map<String, Object> subscription, Map<String, Object> userError) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("webhookSubscription", subscription);
        payload.put("userErrors", userError == null ? List.of() : List.of(userError));
        return payload;
    }

    private static DataFetcherResult<Object> invalidId(DataFetchingEnvironment env, String gid) {
        return error(env, "Invalid global id '" + gid + "'", "argumentLiteralsIncompatible");
    }

    private static DataFetcherResult<Object> error(DataFetchingEnvironment env, String message, String code) {
        return DataFetcherResult.newResult().error(GraphqlErrorBuilder.newError(env)
                .message("%s", message)
                .extensions(Map.of("code", code))
                .build()).build();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> input, String name) {
        return (List<String>) input.get(name);
    }

    private static Installation installation(DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(INSTALLATION);
    }

    private String apiVersion(DataFetchingEnvironment env) {
        String version = env.getGraphQlContext().get(API_VERSION);
        return version == null ? settings.apiVersion() : version;
    }
}
