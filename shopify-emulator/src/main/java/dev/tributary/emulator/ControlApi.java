package dev.tributary.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tributary.emulator.http.Request;
import dev.tributary.emulator.http.Response;
import dev.tributary.emulator.http.Router;
import dev.tributary.emulator.http.ShopifyHttpException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulator's own API under {@code /_emulator}, for tests and demos: not Shopify's. Creates
 * apps and shops, installs apps directly, changes a shop's data (firing webhooks as Shopify would),
 * uninstalls apps and sends compliance topics.
 */
final class ControlApi {

    static final String PREFIX = "/_emulator";

    private final EmulatorState state;
    private final ShopResources resources;
    private final WebhookPublisher webhooks;
    private final Runnable reset;

    ControlApi(EmulatorState state, ShopResources resources, WebhookPublisher webhooks, Runnable reset) {
        this.state = state;
        this.resources = resources;
        this.webhooks = webhooks;
        this.reset = reset;
    }

    void register(Router router) {
        router.add("GET", PREFIX + "/health", request -> Response.json(200, Map.of("status", "UP")));
        router.add("POST", PREFIX + "/reset", request -> {
            reset.run();
            return Response.json(200, Map.of("reset", true));
        });
        router.add("POST", PREFIX + "/apps", this::createApp);
        router.add("GET", PREFIX + "/apps", request -> Response.json(200,
                state.apps().stream().map(ControlApi::describe).toList()));
        router.add("POST", PREFIX + "/shops", this::createShop);
        router.add("GET", PREFIX + "/shops", request -> Response.json(200,
                state.shops().stream().map(shop -> Map.of("name", shop.name(), "domain", shop.domain())).toList()));
        router.add("POST", PREFIX + "/shops/{shop}/installations", this::install);
        router.add("DELETE", PREFIX + "/shops/{shop}/installations/{clientId}", this::uninstall);
        router.add("GET", PREFIX + "/shops/{shop}/subscriptions", this::subscriptions);
        router.add("POST", PREFIX + "/shops/{shop}/compliance", this::compliance);
        router.add("POST", PREFIX + "/shops/{shop}/orders/{id}/pay",
                request -> order(request, id -> resources.payOrder(shop(request), id)));
        router.add("POST", PREFIX + "/shops/{shop}/orders/{id}/cancel",
                request -> order(request, id -> resources.cancelOrder(shop(request), id, null)));
        router.add("POST", PREFIX + "/shops/{shop}/orders/{id}/fulfill",
                request -> order(request, id -> resources.fulfillOrder(shop(request), id)));
        router.add("POST", PREFIX + "/shops/{shop}/{resource}", this::createResource);
        router.add("GET", PREFIX + "/shops/{shop}/{resource}/{id}", this::getResource);
        router.add("PUT", PREFIX + "/shops/{shop}/{resource}/{id}", this::updateResource);
        router.add("DELETE", PREFIX + "/shops/{shop}/{resource}/{id}", this::deleteResource);
    }

    private Response createApp(Request request) {
        JsonNode body = body(request);
        try {
            App app = state.createApp(text(body, "clientId"), text(body, "clientSecret"), text(body, "name"),
                    text(body, "complianceUrl"));
            return Response.json(201, describe(app));
        } catch (IllegalArgumentException e) {
            return Response.errors(409, e.getMessage());
        }
    }

    private Response createShop(Request request) {
        String name = text(body(request), "name");
        try {
            Shop shop = state.createShop(name);
            return Response.json(201, Map.of("name", shop.name(), "domain", shop.domain()));
        } catch (IllegalArgumentException e) {
            return Response.errors(400, e.getMessage());
        }
    }

    private Response install(Request request) {
        Shop shop = shop(request);
        JsonNode body = body(request);
        App app = state.app(text(body, "clientId"))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(404, "no app with that clientId")));
        String scope = text(body, "scopes");
        Set<String> scopes = scope == null ? Set.of() : Arrays.stream(scope.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        Installation installation = state.install(shop, app, scopes);
        return Response.json(201, Map.of("accessToken", installation.accessToken(),
                "scope", String.join(",", installation.scopes())));
    }

    /** Uninstalling sends {@code app/uninstalled} to the app's subscriptions, then removes them. */
    private Response uninstall(Request request) {
        Shop shop = shop(request);
        String clientId = request.pathVariable("clientId");
        if (shop.installation(clientId).isEmpty()) {
            return Response.errors(404, "app " + clientId + " is not installed on " + shop.domain());
        }
        ObjectNode payload = Response.JSON.createObjectNode();
        payload.put("id", Math.abs((long) shop.domain().hashCode()));
        payload.put("name", shop.name());
        payload.put("email", "owner@" + shop.domain());
        payload.put("domain", shop.domain());
        payload.put("myshopify_domain", shop.domain());
        webhooks.publish(shop, Topics.APP_UNINSTALLED, payload, clientId);
        state.uninstall(shop, clientId);
        return Response.json(200, Map.of("uninstalled", clientId));
    }

    private Response subscriptions(Request request) {
        Shop shop = shop(request);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Subscription s : shop.subscriptions().values()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", s.id());
            item.put("graphqlId", s.graphqlId());
            item.put("clientId", s.clientId());
            item.put("topic", s.topic());
            item.put("address", s.address());
            item.put("format", s.format());
            item.put("createdAt", s.createdAt().toString());
            list.add(item);
        }
        return Response.json(200, list);
    }

    /** Sends a compliance topic to an app: {@code {"clientId", "topic", "payload"?}}. */
    private Response compliance(Request request) {
        Shop shop = shop(request);
        JsonNode body = body(request);
        App app = state.app(text(body, "clientId"))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(404, "no app with that clientId")));
        String topic = text(body, "topic");
        if (!Topics.COMPLIANCE.contains(topic)) {
            return Response.errors(400, "topic must be one of " + Topics.COMPLIANCE);
        }
        if (app.complianceUrl() == null) {
            return Response.errors(409, "app " + app.clientId() + " has no complianceUrl");
        }
        ObjectNode payload = body.get("payload") instanceof ObjectNode given
                ? given.deepCopy()
                : compliancePayload(shop, topic);
        webhooks.publishCompliance(shop, app, topic, payload);
        return Response.json(202, Map.of("topic", topic));
    }

    private Response createResource(Request request) {
        Shop shop = shop(request);
        ResourceType type = type(request);
        JsonNode body = body(request);
        if (!(body instanceof ObjectNode fields)) {
            return Response.errors(400, "body must be a JSON object of the resource's fields");
        }
        return Response.json(201, resources.create(shop, type, fields));
    }

    private Response getResource(Request request) {
        return resources.get(shop(request), type(request), id(request))
                .map(resource -> Response.json(200, resource))
                .orElse(Response.errors(404, "Not Found"));
    }

    private Response updateResource(Request request) {
        JsonNode body = body(request);
        if (!(body instanceof ObjectNode fields)) {
            return Response.errors(400, "body must be a JSON object of the fields to change");
        }
        return resources.update(shop(request), type(request), id(request), fields)
                .map(resource -> Response.json(200, resource))
                .orElse(Response.errors(404, "Not Found"));
    }

    private Response deleteResource(Request request) {
        return resources.delete(shop(request), type(request), id(request))
                ? Response.json(200, Map.of())
                : Response.errors(404, "Not Found");
    }

    private Response order(Request request, java.util.function.LongFunction<java.util.Optional<ObjectNode>> change) {
        return change.apply(id(request))
                .map(order -> Response.json(200, order))
                .orElse(Response.errors(404, "Not Found"));
    }

    private Shop shop(Request request) {
        return state.shop(request.pathVariable("shop"))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(404, "no shop " + request.pathVariable("shop"))));
    }

    private static ResourceType type(Request request) {
        return ResourceType.ofPlural(request.pathVariable("resource"))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(404, "resources are orders, customers, products")));
    }

    private static long id(Request request) {
        try {
            return Long.parseLong(request.pathVariable("id"));
        } catch (NumberFormatException e) {
            throw new ShopifyHttpException(Response.errors(404, "Not Found"));
        }
    }

    private static JsonNode body(Request request) {
        if (request.body().length == 0) {
            return Response.JSON.createObjectNode();
        }
        try {
            return Response.JSON.readTree(request.body());
        } catch (RuntimeException e) {
            throw new ShopifyHttpException(Response.errors(400, "body is not valid JSON"));
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Map<String, Object> describe(App app) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("clientId", app.clientId());
        map.put("clientSecret", app.clientSecret());
        map.put("name", app.name());
        map.put("complianceUrl", app.complianceUrl());
        return map;
    }

    /** The shapes Shopify documents for the compliance topics. */
    private static ObjectNode compliancePayload(Shop shop, String topic) {
        ObjectNode payload = Response.JSON.createObjectNode();
        long shopId = Math.abs((long) shop.domain().hashCode());
        payload.put("shop_id", shopId);
        payload.put("shop_domain", shop.domain());
        if (!topic.equals("shop/redact")) {
            ObjectNode customer = payload.putObject("customer");
            customer.put("id", 191167L);
            customer.put("email", "john@example.com");
            customer.put("phone", "555-625-1199");
            payload.putArray("orders_requested").add(299938L).add(280263L).add(220458L);
            if (topic.equals("customers/redact")) {
                payload.remove("orders_requested");
                payload.putArray("orders_to_redact").add(299938L).add(280263L).add(220458L);
            } else {
                payload.putObject("data_request").put("id", 9999L);
            }
        }
        return payload;
    }
}
