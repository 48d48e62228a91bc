package dev.tributary.hub;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tributary.instances.InstanceShopAccess;
import dev.tributary.instances.InstanceValidity;
import dev.tributary.instances.ShopAccess;
import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.web.ApiException;
import dev.tributary.shopify.ShopifyClient;
import dev.tributary.shopify.ShopifyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * The ecommerce hub: a shop's orders, customers and products read through an instance, with its
 * access token, from Shopify's REST Admin API, and answered as Shopify shapes them. Everything the
 * caller sent is checked before Shopify is called.
 */
@Service
public class HubResources {

    static final String NEEDS_ELEMENT = "Hub resources are read through an instance: add 'Element <instance token>' "
            + "to the Authorization header ('User <secret>, Organization <secret>, Element <instance token>' "
            + "or 'User <secret>, Element <instance token>'); the token is in the instance's JSON";

    private static final Logger log = LoggerFactory.getLogger(HubResources.class);

    private final InstanceShopAccess shops;
    private final InstanceValidity validity;
    private final ShopifyClient shopify;

    HubResources(InstanceShopAccess shops, InstanceValidity validity, ShopifyClient shopify) {
        this.shops = shops;
        this.validity = validity;
        this.shopify = shopify;
    }

    /** A page of a resource's objects and, when Shopify has more, the token of the next page. */
    public record HubPage(JsonNode items, String nextPageToken) {
    }

    /** {@code GET /hubs/ecommerce/{resource}}: one page, filtered by {@code where}. */
    public HubPage list(Caller caller, String resourceName, String where, String pageSize, String nextPage) {
        long instanceId = instanceOf(caller);
        HubResource resource = resource(resourceName);
        Map<String, String> query = new LinkedHashMap<>();
        try {
            // Read even with a nextPage (a poller repeats its url), so a bad where is refused on every page.
            HubFilter filter = HubFilter.parse(where, resource);
            if (nextPage != null && !nextPage.isBlank()) {
                // Shopify takes only limit and page_info after the first page: the filters travel in page_info.
                HubPaging.Cursor cursor = HubPaging.cursor(nextPage, resource);
                query.put("limit", String.valueOf(pageSize == null || pageSize.isEmpty()
                        ? cursor.limit() : HubPaging.size(pageSize)));
                query.put("page_info", cursor.pageInfo());
            } else {
                query.put("limit", String.valueOf(HubPaging.size(pageSize)));
                if (resource == HubResource.ORDERS && !filter.parameters().containsKey("status")) {
                    query.put("status", "any"); // Shopify lists open orders only unless told otherwise
                }
                query.putAll(filter.parameters());
            }
        } catch (HubFilter.InvalidWhere | HubPaging.InvalidPaging e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ShopAccess access = shops.of(caller.accountId(), instanceId);
        long started = System.nanoTime();
        ShopifyClient.RestAnswer answer = call(access, resource, resource.plural() + ".json?" + encode(query), null);
        JsonNode items = answer.body().get(resource.plural());
        if (items == null || !items.isArray()) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Shopify's answer for " + resource.plural() + " of "
                    + access.shop() + " had no " + resource.plural() + " list");
        }
        String token = HubPaging.nextPageInfo(answer.link())
                .map(pageInfo -> HubPaging.token(new HubPaging.Cursor(resource, Integer.parseInt(query.get("limit")),
                        pageInfo)))
                .orElse(null);
        log.info("Hub list {} for instance {} ({}): {} item(s), more: {}, 1 Shopify call, {} ms", resource.plural(),
                instanceId, access.shop(), items.size(), token != null, (System.nanoTime() - started) / 1_000_000);
        return new HubPage(items, token);
    }

    /** {@code GET /hubs/ecommerce/{resource}/{id}}: the one object. */
    public JsonNode get(Caller caller, String resourceName, String id) {
        long instanceId = instanceOf(caller);
        HubResource resource = resource(resourceName);
        if (id == null || !id.matches("[0-9]{1,18}")) {
            throw ApiException.badRequest("'" + id + "' is not " + article(resource) + " " + resource.singular()
                    + " id: Shopify's ids are whole numbers");
        }
        ShopAccess access = shops.of(caller.accountId(), instanceId);
        long started = System.nanoTime();
        ShopifyClient.RestAnswer answer = call(access, resource, resource.plural() + "/" + id + ".json", id);
        JsonNode item = answer.body().get(resource.singular());
        if (item == null || !item.isObject()) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Shopify's answer for " + resource.singular() + " " + id
                    + " of " + access.shop() + " had no " + resource.singular());
        }
        log.info("Hub get {} {} for instance {} ({}): 1 item, 1 Shopify call, {} ms", resource.singular(), id,
                instanceId, access.shop(), (System.nanoTime() - started) / 1_000_000);
        return item;
    }

    private static long instanceOf(Caller caller) {
        if (caller.instanceId() == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, NEEDS_ELEMENT);
        }
        return caller.instanceId();
    }

    private static HubResource resource(String name) {
        return HubResource.named(name).orElseThrow(() -> ApiException.notFound("No hub resource '" + name
                + "': the ecommerce hub has orders, customers and products"));
    }

    /** One REST call; a 200 comes back, anything else becomes the caller's error. */
    private ShopifyClient.RestAnswer call(ShopAccess access, HubResource resource, String path, String id) {
        ShopifyClient.RestAnswer answer;
        try {
            answer = shopify.rest(access.shop(), access.accessToken(), "GET", path, null);
        } catch (ShopifyException.Unavailable e) {
            if (e.status() == 429) {
                throw new ShopifyThrottled("Shopify is still rate limiting calls to " + access.shop()
                        + " after waiting; try again in a few seconds", e.providerMessage());
            }
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Shopify failed to answer for " + access.shop() + ": "
                    + e.getMessage(), e.providerMessage());
        }
        int status = answer.status();
        if (status == 200) {
            return answer;
        }
        String words = answer.providerMessage();
        String what = id == null ? resource.plural() : resource.singular() + " " + id;
        switch (status) {
            case 401 -> {
                validity.tokenRefused(access.instanceId(), access.shop().domain(),
                        new ShopifyException.Refused(401, words));
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Shopify no longer accepts instance "
                        + access.instanceId() + "'s access token (revoked, or the app was uninstalled); the instance "
                        + "is marked not valid: connect the shop again with a new instance", words);
            }
            case 403 -> throw new ApiException(HttpStatus.FORBIDDEN, "Shopify refused to show " + what + " of "
                    + access.shop() + ": the app lacks the " + resource.readScope() + " access scope; connect the shop "
                    + "again granting it", words);
            case 404 -> {
                if (id != null) {
                    throw new ApiException(HttpStatus.NOT_FOUND, "No " + resource.singular() + " " + id + " at "
                            + access.shop(), words);
                }
                throw new ApiException(HttpStatus.BAD_GATEWAY, "Shopify answered 404 to the " + what + " list of "
                        + access.shop(), words);
            }
            case 400, 422 -> throw new ApiException(HttpStatus.valueOf(status), "Shopify did not accept the request for "
                    + what + " of " + access.shop(), words);
            default -> throw new ApiException(HttpStatus.BAD_GATEWAY, "Shopify answered " + status + " to the request for "
                    + what + " of " + access.shop(), words);
        }
    }

    private static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String article(HubResource resource) {
        return resource == HubResource.ORDERS ? "an" : "a";
    }
}
