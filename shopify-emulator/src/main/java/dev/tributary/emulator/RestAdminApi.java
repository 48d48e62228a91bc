package dev.tributary.emulator;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.tributary.emulator.http.Endpoint;
import dev.tributary.emulator.http.Request;
import dev.tributary.emulator.http.Response;
import dev.tributary.emulator.http.Router;
import dev.tributary.emulator.http.ShopifyHttpException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The REST Admin API: webhooks, orders, customers and products, with the leaky-bucket limit. */
final class RestAdminApi {

    static final String CALL_LIMIT_HEADER = "X-Shopify-Shop-Api-Call-Limit";

    private static final String API = "/{shop}/admin/api/{version}/";
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 250;
    /** All a request with page_info may add; its filters come from the page_info. */
    private static final Set<String> PAGE_INFO_COMPANIONS = Set.of("page_info", "limit", "fields");

    private final EmulatorState state;
    private final AdminAccess access;
    private final WebhookSubscriptions subscriptions;
    private final ShopResources resources;
    private final EmulatorSettings settings;
    private final Clock clock;
    private final byte[] pageInfoKey = new byte[32];
    /** Per shop, then app: a reset makes new shops, so their buckets start empty without being told. */
    private final Map<Shop, Map<String, LeakyBucket>> buckets = Collections.synchronizedMap(new WeakHashMap<>());

    RestAdminApi(EmulatorState state, AdminAccess access, WebhookSubscriptions subscriptions, ShopResources resources,
            EmulatorSettings settings, Clock clock) {
        this.state = state;
        this.access = access;
        this.subscriptions = subscriptions;
        this.resources = resources;
        this.settings = settings;
        this.clock = clock;
        new SecureRandom().nextBytes(pageInfoKey);
    }

    void register(Router router) {
        // count.json before {id}.json, which would take "count" for an id.
        router.add("GET", API + "webhooks.json", admin(null, this::listWebhooks));
        router.add("GET", API + "webhooks/count.json", admin(null, this::countWebhooks));
        router.add("GET", API + "webhooks/{id}.json", admin(null, this::getWebhook));
        router.add("POST", API + "webhooks.json", admin(null, this::createWebhook));
        router.add("PUT", API + "webhooks/{id}.json", admin(null, this::updateWebhook));
        router.add("DELETE", API + "webhooks/{id}.json", admin(null, this::deleteWebhook));
        for (ResourceType type : ResourceType.values()) {
            String base = API + type.plural();
            router.add("GET", base + ".json", admin(type.readScope(), (r, i) -> listResources(r, i, type)));
            router.add("GET", base + "/count.json", admin(type.readScope(), (r, i) -> countResources(r, i, type)));
            router.add("GET", base + "/{id}.json", admin(type.readScope(), (r, i) -> getResource(r, i, type)));
            router.add("POST", base + ".json", admin(type.writeScope(), (r, i) -> createResource(r, i, type)));
            router.add("PUT", base + "/{id}.json", admin(type.writeScope(), (r, i) -> updateResource(r, i, type)));
            router.add("DELETE", base + "/{id}.json", admin(type.writeScope(), (r, i) -> deleteResource(r, i, type)));
        }
        router.add("POST", ControlApi.PREFIX + "/shops/{shop}/rate-limit", this::fillBucket);
    }

    /** One REST Admin call once its app is known. */
    @FunctionalInterface
    private interface AdminCall {
        Response handle(Request request, Installation installation);
    }

    /**
     * What every call passes, in Shopify's order: shop, token, call limit, scope. Every answer to
     * a known app says how full its bucket is, refusals included.
     */
    private Endpoint admin(String scope, AdminCall call) {
        return request -> {
            Shop shop = access.shop(request);
            Installation installation = access.authenticate(request, shop);
            LeakyBucket.Admission admission = bucket(shop, installation.app().clientId()).admit(clock.instant());
            Response response;
            if (!admission.admitted()) {
                response = Response.errors(429, "Exceeded " + plain(settings.restLeakPerSecond())
                        + " calls per second for api client. Reduce request rates to resume uninterrupted service.")
                        .header("Retry-After", admission.retryAfterHeader());
            } else {
                try {
                    if (scope != null) {
                        AdminAccess.requireScope(installation, scope);
                    }
                    response = call.handle(request, installation);
                } catch (ShopifyHttpException e) {
                    response = e.response();
                }
            }
            return response.header(CALL_LIMIT_HEADER, admission.used() + "/" + settings.restBucketSize());
        };
    }

    private LeakyBucket bucket(Shop shop, String clientId) {
        return buckets.computeIfAbsent(shop, s -> new ConcurrentHashMap<>()).computeIfAbsent(clientId,
                id -> new LeakyBucket(settings.restBucketSize(), settings.restLeakPerSecond(), clock.instant()));
    }

    /** {@code {"clientId", "used"}}: how full that app's bucket on this shop is, to start a test near the limit. */
    private Response fillBucket(Request request) {
        Shop shop = state.shop(request.pathVariable("shop")).orElseThrow(() -> new ShopifyHttpException(
                Response.errors(404, "no shop " + request.pathVariable("shop"))));
        JsonNode body = readJson(request);
        String clientId = body == null ? null : text(body, "clientId");
        JsonNode used = body == null ? null : body.get("used");
        if (clientId == null || used == null || !used.isNumber()) {
            return Response.errors(400, "body must be {\"clientId\": \"...\", \"used\": <calls in the bucket>}");
        }
        LeakyBucket bucket = bucket(shop, clientId);
        try {
            bucket.fill(used.asDouble(), clock.instant());
        } catch (IllegalArgumentException e) {
            return Response.errors(400, e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("clientId", clientId);
        answer.put("used", bucket.used(clock.instant()));
        answer.put("size", bucket.size());
        return Response.json(200, answer);
    }

    // Webhooks: the same subscriptions GraphQL sees, under REST's names and errors.

    private Response listWebhooks(Request request, Installation installation) {
        ZoneId zone = installation.shop().zone();
        return list(request, "webhooks", RestListFilter.WEBHOOK_FILTERS, false, zone,
                subscriptions.list(installation).stream().map(s -> render(s, zone)));
    }

    private Response countWebhooks(Request request, Installation installation) {
        ZoneId zone = installation.shop().zone();
        return count(request, RestListFilter.WEBHOOK_FILTERS, zone,
                subscriptions.list(installation).stream().map(s -> render(s, zone)));
    }

    private Response getWebhook(Request request, Installation installation) {
        return subscriptions.get(installation, id(request))
                .map(s -> Response.json(200, Map.of("webhook", project(render(s, installation.shop().zone()),
                        request.query("fields")))))
                .orElseThrow(RestAdminApi::notFound);
    }

    private Response createWebhook(Request request, Installation installation) {
        ObjectNode webhook = root(request, "webhook");
        String topic = text(webhook, "topic");
        String address = text(webhook, "address");
        WebhookSubscriptions.Result result = subscriptions.create(installation, topic, address,
                text(webhook, "format"), strings(webhook.get("fields")), strings(webhook.get("metafield_namespaces")),
                request.pathVariable("version"));
        return answer(result, 201, installation, topic, address);
    }

    /** Changes the address and fields; the topic of a subscription stays what it was. */
    private Response updateWebhook(Request request, Installation installation) {
        ObjectNode webhook = root(request, "webhook");
        String address = text(webhook, "address");
        WebhookSubscriptions.Result result = subscriptions.update(installation, id(request), address,
                strings(webhook.get("fields")));
        return answer(result, 200, installation, null, address);
    }

    private Response deleteWebhook(Request request, Installation installation) {
        return subscriptions.delete(installation, id(request)).isOk() ? Response.json(200, Map.of()) : notFoundResponse();
    }

    private static Response answer(WebhookSubscriptions.Result result, int status, Installation installation,
            String topic, String address) {
        if (result.isOk()) {
            return Response.json(status, Map.of("webhook", render(result.subscription(), installation.shop().zone())));
        }
        return switch (result.problem()) {
            case NOT_FOUND -> notFoundResponse();
            case TOPIC_INVALID -> unprocessable("topic", topic == null || topic.isBlank() ? "can't be blank"
                    : "Invalid topic specified: " + topic + ". Does it exist? Is there a missing access scope? "
                            + "Topics allowed: " + String.join(", ", new TreeSet<>(Topics.ALL)));
            case ADDRESS_INVALID -> unprocessable("address",
                    address == null || address.isBlank() ? "can't be blank" : "is invalid");
            case ADDRESS_TAKEN -> unprocessable("address", "for this topic has already been taken");
            case FORMAT_INVALID -> unprocessable("format", "is not included in the list");
        };
    }

    private static Response unprocessable(String field, String message) {
        return Response.errors(422, Map.of(field, List.of(message)));
    }

    private static ObjectNode render(Subscription subscription, ZoneId zone) {
        ObjectNode node = Response.JSON.createObjectNode();
        node.put("id", subscription.id());
        node.put("address", subscription.address());
        node.put("topic", subscription.topic());
        node.put("created_at", OffsetDateTime.ofInstant(subscription.createdAt(), zone).format(ShopResources.TIME));
        node.put("updated_at", OffsetDateTime.ofInstant(subscription.updatedAt(), zone).format(ShopResources.TIME));
        node.put("format", subscription.format());
        ArrayNode fields = node.putArray("fields");
        subscription.fields().forEach(fields::add);
        ArrayNode namespaces = node.putArray("metafield_namespaces");
        subscription.metafieldNamespaces().forEach(namespaces::add);
        node.put("api_version", subscription.apiVersion());
        return node;
    }

    // Orders, customers and products: changes go through ShopResources, so they fire webhooks.

    private Response listResources(Request request, Installation installation, ResourceType type) {
        // Shopify lists orders newest first, unless since_id asks for the ones after an id.
        return list(request, type.plural(), filtersOf(type), type == ResourceType.ORDERS, installation.shop().zone(),
                installation.shop().resources(type).values().stream());
    }

    private Response countResources(Request request, Installation installation, ResourceType type) {
        return count(request, filtersOf(type), installation.shop().zone(),
                installation.shop().resources(type).values().stream());
    }

    private Response getResource(Request request, Installation installation, ResourceType type) {
        return resources.get(installation.shop(), type, id(request))
                .map(resource -> Response.json(200, Map.of(type.singular(), project(resource, request.query("fields")))))
                .orElseThrow(RestAdminApi::notFound);
    }

    private Response createResource(Request request, Installation installation, ResourceType type) {
        ObjectNode fields = root(request, type.singular());
        return Response.json(201, Map.of(type.singular(), resources.create(installation.shop(), type, fields)));
    }

    private Response updateResource(Request request, Installation installation, ResourceType type) {
        ObjectNode fields = root(request, type.singular());
        return resources.update(installation.shop(), type, id(request), fields)
                .map(resource -> Response.json(200, Map.of(type.singular(), resource)))
                .orElseThrow(RestAdminApi::notFound);
    }

    private Response deleteResource(Request request, Installation installation, ResourceType type) {
        return resources.delete(installation.shop(), type, id(request)) ? Response.json(200, Map.of())
                : notFoundResponse();
    }

    private static Set<String> filtersOf(ResourceType type) {
        return type == ResourceType.ORDERS ? RestListFilter.ORDER_FILTERS : RestListFilter.RESOURCE_FILTERS;
    }

    // Lists and counts, shared by every resource.

    /**
     * A page of {@code items} as {@code {"<list>": [...]}} with Shopify's {@code Link} header. A first
     * request brings filters; the pages after it bring only page_info (and limit, fields).
     */
    private Response list(Request request, String list, Set<String> accepted, boolean newestFirstWithoutSinceId,
            ZoneId zone, Stream<ObjectNode> items) {
        int limit = limit(request);
        String fields = request.query("fields");
        RestPageInfo cursor = null;
        Map<String, String> filterParameters;
        String pageInfo = request.query("page_info");
        if (pageInfo == null) {
            filterParameters = singleValues(request);
        } else {
            for (String name : request.queryParameters().keySet()) {
                if (!PAGE_INFO_COMPANIONS.contains(name)) {
                    throw new ShopifyHttpException(Response.errors(400, Map.of(name, name
                            + " cannot be passed when page_info is present. See https://shopify.dev/api/usage/pagination-rest for more information.")));
                }
            }
            cursor = decode(pageInfo, list);
            filterParameters = cursor.filters();
        }
        RestListFilter filter = parse(filterParameters, accepted, zone);
        boolean newestFirst = newestFirstWithoutSinceId && filter.sinceId() == null;
        Comparator<ObjectNode> byId = Comparator.comparingLong(node -> node.path("id").asLong());
        List<ObjectNode> ordered = items.filter(filter::matches).sorted(newestFirst ? byId.reversed() : byId).toList();
        RestPageInfo.Page<ObjectNode> page = RestPageInfo.page(ordered, node -> node.path("id").asLong(), newestFirst,
                cursor, limit);

        Response response = Response.json(200, Map.of(list, page.items().stream().map(i -> project(i, fields)).toList()));
        List<String> links = new ArrayList<>();
        if (page.hasPrevious() && !page.items().isEmpty()) {
            long firstId = page.items().get(0).path("id").asLong();
            links.add(link(request, limit, fields, new RestPageInfo(list, filter.parameters(),
                    RestPageInfo.Direction.PREVIOUS, firstId), "previous"));
        }
        if (page.hasNext() && !page.items().isEmpty()) {
            long lastId = page.items().get(page.items().size() - 1).path("id").asLong();
            links.add(link(request, limit, fields, new RestPageInfo(list, filter.parameters(),
                    RestPageInfo.Direction.NEXT, lastId), "next"));
        }
        return links.isEmpty() ? response : response.header("Link", String.join(", ", links));
    }

    private Response count(Request request, Set<String> accepted, ZoneId zone, Stream<ObjectNode> items) {
        RestListFilter filter = parse(singleValues(request), accepted, zone);
        return Response.json(200, Map.of("count", items.filter(filter::matches).count()));
    }

    /**
     * The page's address as Shopify writes it, {@code https://{shop}.myshopify.com/admin/api/...}:
     * Shopify's libraries read the path after the host, so a client reaches the emulator by mapping
     * the shop's host to it, as it does for every other call.
     */
    private String link(Request request, int limit, String fields, RestPageInfo cursor, String rel) {
        String path = request.path();
        // The shop as found, not through access.shop again: a fault or delay applies once per call.
        Shop shop = state.shop(request.pathVariable("shop")).orElseThrow();
        StringBuilder url = new StringBuilder("https://").append(shop.domain())
                .append(path.substring(path.indexOf("/admin/"))).append("?limit=").append(limit);
        if (fields != null) {
            url.append("&fields=").append(URLEncoder.encode(fields, StandardCharsets.UTF_8));
        }
        url.append("&page_info=").append(cursor.encode(pageInfoKey));
        return "<" + url + ">; rel=\"" + rel + "\"";
    }

    private RestPageInfo decode(String pageInfo, String list) {
        try {
            RestPageInfo cursor = RestPageInfo.decode(pageInfo, pageInfoKey);
            if (cursor.list().equals(list)) {
                return cursor;
            }
        } catch (IllegalArgumentException e) {
            // answered below, as any other page_info this list did not hand out
        }
        throw new ShopifyHttpException(Response.errors(400, Map.of("page_info", "Invalid value.")));
    }

    private static RestListFilter parse(Map<String, String> parameters, Set<String> accepted, ZoneId zone) {
        try {
            return RestListFilter.parse(parameters, accepted, zone);
        } catch (RestListFilter.InvalidParameter e) {
            throw new ShopifyHttpException(Response.errors(400, Map.of(e.parameter(), "Invalid value.")));
        }
    }

    /** Shopify's page size: 50 unless asked, and never more than 250 however many are asked for. */
    static int limit(Request request) {
        String value = request.query("limit");
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1) {
                return Math.min(limit, MAX_LIMIT);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ShopifyHttpException(Response.errors(400, Map.of("limit", "Invalid value.")));
    }

    /** Keeps only the asked-for top-level fields, in the resource's own order. */
    private static ObjectNode project(ObjectNode item, String fields) {
        List<String> wanted = commaSeparated(fields);
        if (wanted.isEmpty()) {
            return item;
        }
        ObjectNode projected = Response.JSON.createObjectNode();
        item.properties().forEach(e -> {
            if (wanted.contains(e.getKey())) {
                projected.set(e.getKey(), e.getValue());
            }
        });
        return projected;
    }

    private static Map<String, String> singleValues(Request request) {
        Map<String, String> values = new LinkedHashMap<>();
        request.queryParameters().forEach((name, list) -> values.put(name, list.isEmpty() ? null : list.get(0)));
        return values;
    }

    // Bodies, ids and errors as Shopify words them.

    /** The object under the body's root key, {@code {"order": {...}}}; 400 as Shopify answers when it is missing. */
    private static ObjectNode root(Request request, String key) {
        JsonNode body = readJson(request);
        if (body != null && body.get(key) instanceof ObjectNode node) {
            return node;
        }
        throw new ShopifyHttpException(Response.errors(400, Map.of(key, "Required parameter missing or invalid")));
    }

    private static JsonNode readJson(Request request) {
        if (request.body().length == 0) {
            return null;
        }
        try {
            return Response.JSON.readTree(request.body());
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /** A JSON array of strings, or a comma-separated string; null when absent. */
    private static List<String> strings(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<String> values = new ArrayList<>();
            node.forEach(value -> values.add(value.asString()));
            return values;
        }
        return commaSeparated(node.asString());
    }

    private static List<String> commaSeparated(String value) {
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static long id(Request request) {
        try {
            return Long.parseLong(request.pathVariable("id"));
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    private static ShopifyHttpException notFound() {
        return new ShopifyHttpException(notFoundResponse());
    }

    private static Response notFoundResponse() {
        return Response.errors(404, "Not Found");
    }

    /** 2.0 as "2", 0.5 as "0.5": how Shopify words the leak rate in its 429. */
    private static String plain(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }
}
