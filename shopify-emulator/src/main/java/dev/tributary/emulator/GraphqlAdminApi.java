package dev.tributary.emulator;

import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.tributary.emulator.http.Request;
import dev.tributary.emulator.http.Response;
import dev.tributary.emulator.http.Router;
import dev.tributary.emulator.http.ShopifyHttpException;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.schema.GraphQLSchema;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /{shop}/admin/api/{version}/graphql.json}: webhook subscriptions through GraphQL,
 * with Shopify's calculated query cost and a cost bucket per app and shop. Also the control route
 * {@code POST /_emulator/shops/{shop}/graphql-bucket} that sets how many points a bucket holds.
 */
final class GraphqlAdminApi {

    /** Shopify refuses any single query that would cost more than this, whatever the bucket holds. */
    static final int MAX_QUERY_COST = 1000;

    private final EmulatorState state;
    private final AdminAccess access;
    private final EmulatorSettings settings;
    private final Clock clock;
    private final WebhookSubscriptions subscriptions;
    private volatile Compiled compiled;
    /** Buckets by shop, then client id; weak keys so a reset's forgotten shops take theirs along. */
    private final Map<Shop, Map<String, GraphqlCostBucket>> buckets = Collections.synchronizedMap(new WeakHashMap<>());

    GraphqlAdminApi(EmulatorState state, AdminAccess access, WebhookSubscriptions subscriptions,
            EmulatorSettings settings, Clock clock) {
        this.state = state;
        this.access = access;
        this.settings = settings;
        this.clock = clock;
        this.subscriptions = subscriptions;
    }

    /** The executable schema, its engine and its cost calculator. */
    private record Compiled(GraphQLSchema schema, GraphQL graphql, GraphqlQueryCost cost) {
    }

    /**
     * Built on the first GraphQL request, not at start: building it loads and runs much of
     * graphql-java, 0.3-0.6 s of CPU on a small machine, which a Tributary in sandbox mode would
     * otherwise spend before it is ready, and which an emulator that only serves OAuth and REST never needs.
     */
    private Compiled compiled() {
        Compiled current = compiled;
        if (current == null) {
            synchronized (this) {
                current = compiled;
                if (current == null) {
                    GraphQLSchema schema = GraphqlAdminSchema.build(
                            new GraphqlAdminFields(subscriptions, new GraphqlSubscriptionFilters(), settings));
                    current = new Compiled(schema, GraphQL.newGraphQL(schema).build(), new GraphqlQueryCost(schema));
                    compiled = current;
                }
            }
        }
        return current;
    }

    void register(Router router) {
        router.add("POST", "/{shop}/admin/api/{version}/graphql.json", this::graphql);
        router.add("POST", ControlApi.PREFIX + "/shops/{shop}/graphql-bucket", this::setBucket);
    }

    private Response graphql(Request request) {
        Shop shop = access.shop(request);
        Installation installation = access.authenticate(request, shop);
        GraphqlRequest body = GraphqlRequest.of(request);
        GraphqlCostBucket bucket = bucket(shop, installation.app().clientId());
        Compiled compiled = compiled();
        GraphQLSchema schema = compiled.schema();
        GraphqlQueryCost cost = compiled.cost();
        ExecutionInput input = ExecutionInput.newExecutionInput()
                .query(body.query())
                .operationName(body.operationName())
                .variables(body.variables())
                .graphQLContext(Map.of(GraphqlAdminFields.INSTALLATION, installation,
                        GraphqlAdminFields.API_VERSION, request.pathVariable("version")))
                .build();
        ParseAndValidateResult checked = ParseAndValidate.parseAndValidate(schema, input);
        if (checked.isFailure()) {
            return answer(GraphqlErrors.shape(checked.getErrors()), null, false, 0, 0, bucket);
        }
        int requested = cost.requested(checked.getDocument(), body.operationName(), body.variables());
        if (requested > MAX_QUERY_COST) {
            return answer(List.of(GraphqlErrors.of("Query cost is " + requested
                    + ", which exceeds the single query max cost limit (" + MAX_QUERY_COST + ").",
                    Map.of("code", "MAX_COST_EXCEEDED", "cost", requested, "maxCost", MAX_QUERY_COST,
                            "documentation", "https://shopify.dev/api/usage/rate-limits"))),
                    null, false, requested, null, bucket);
        }
        if (!bucket.tryTake(requested)) {
            return answer(List.of(GraphqlErrors.of("Throttled", Map.of("code", "THROTTLED",
                    "documentation", "https://shopify.dev/api/usage/rate-limits"))),
                    null, false, requested, null, bucket);
        }
        ExecutionResult result = compiled.graphql().execute(input);
        Object data = result.isDataPresent() ? result.getData() : null;
        int actual = Math.min(requested, cost.actual(checked.getDocument(), body.operationName(), body.variables(), data));
        bucket.refund(requested - actual);
        return answer(GraphqlErrors.shape(result.getErrors()), data, result.isDataPresent(), requested, actual, bucket);
    }

    /** {@code {"clientId", "available"}}: sets the points an app's bucket on the shop holds now. */
    private Response setBucket(Request request) {
        Shop shop = state.shop(request.pathVariable("shop"))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(404, "no shop " + request.pathVariable("shop"))));
        JsonNode body;
        try {
            body = Response.JSON.readTree(request.body());
        } catch (RuntimeException e) {
            return Response.errors(400, "body is not valid JSON");
        }
        JsonNode clientId = body == null ? null : body.get("clientId");
        JsonNode available = body == null ? null : body.get("available");
        if (clientId == null || !clientId.isString() || available == null || !available.isNumber()) {
            return Response.errors(400, "body must be {\"clientId\": string, \"available\": number}");
        }
        if (shop.installation(clientId.asString()).isEmpty()) {
            return Response.errors(404, "app " + clientId.asString() + " is not installed on " + shop.domain());
        }
        GraphqlCostBucket bucket = bucket(shop, clientId.asString());
        bucket.setAvailable(available.asDouble());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("clientId", clientId.asString());
        answer.putAll(throttleStatus(bucket));
        return Response.json(200, answer);
    }

    private GraphqlCostBucket bucket(Shop shop, String clientId) {
        return buckets.computeIfAbsent(shop, s -> new ConcurrentHashMap<>()).computeIfAbsent(clientId,
                id -> new GraphqlCostBucket(settings.graphqlBucketSize(), settings.graphqlRestorePerSecond(), clock));
    }

    /** The body Shopify answers with: errors, data when the operation ran, and always the cost. */
    private static Response answer(List<Map<String, Object>> errors, Object data, boolean dataPresent, int requested,
            Integer actual, GraphqlCostBucket bucket) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        if (dataPresent) {
            body.put("data", data);
        }
        Map<String, Object> costs = new LinkedHashMap<>();
        costs.put("requestedQueryCost", requested);
        costs.put("actualQueryCost", actual);
        costs.put("throttleStatus", throttleStatus(bucket));
        body.put("extensions", Map.of("cost", costs));
        return Response.json(200, body);
    }

    private static Map<String, Object> throttleStatus(GraphqlCostBucket bucket) {
        GraphqlCostBucket.ThrottleStatus status = bucket.status();
        Map<String, Object> shaped = new LinkedHashMap<>();
        shaped.put("maximumAvailable", status.maximumAvailable());
        shaped.put("currentlyAvailable", (long) Math.floor(status.currentlyAvailable()));
        shaped.put("restoreRate", status.restoreRate());
        return shaped;
    }

    /** What a client posted: JSON {@code {query, operationName, variables}}, or the query alone as application/graphql. */
    private record GraphqlRequest(String query, String operationName, Map<String, Object> variables) {

        @SuppressWarnings("unchecked")
        static GraphqlRequest of(Request request) {
            String contentType = request.header("Content-Type");
            if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/graphql")) {
                return new GraphqlRequest(request.bodyText(), null, Map.of());
            }
            JsonNode body;
            try {
                body = Response.JSON.readTree(request.body());
            } catch (RuntimeException e) {
                throw new ShopifyHttpException(Response.errors(400, "Invalid JSON in request body"));
            }
            JsonNode query = body == null ? null : body.get("query");
            if (query == null || !query.isString() || query.asString().isBlank()) {
                throw new ShopifyHttpException(Response.errors(400, Map.of("query", "Required parameter missing or invalid")));
            }
            JsonNode operationName = body.get("operationName");
            JsonNode variables = body.get("variables");
            if (variables != null && variables.isString()) {
                // Some clients send the variables as a JSON string.
                try {
                    variables = Response.JSON.readTree(variables.asString());
                } catch (RuntimeException e) {
                    throw new ShopifyHttpException(Response.errors(400, Map.of("variables", "must be a JSON object")));
                }
            }
            Map<String, Object> values = variables != null && variables.isObject()
                    ? Response.JSON.convertValue(variables, HashMap.class)
                    : Map.of();
            return new GraphqlRequest(query.asString(),
                    operationName != null && operationName.isString() ? operationName.asString() : null, values);
        }
    }
}
