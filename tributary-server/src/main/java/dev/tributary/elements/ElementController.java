package dev.tributary.elements;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tributary.platform.auth.InstanceScoped;
import dev.tributary.platform.web.ApiException;
import dev.tributary.platform.web.PublicUrl;
import dev.tributary.shopify.ShopDomain;
import dev.tributary.shopify.ShopifyClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /elements}: the connectors on offer (Shopify) and the OAuth URL to connect a shop. */
@RestController
@RequestMapping(path = "/elements/api-v2/elements", produces = MediaType.APPLICATION_JSON_VALUE)
class ElementController {

    private final ShopifyClient shopify;

    ElementController(ShopifyClient shopify) {
        this.shopify = shopify;
    }

    @GetMapping
    @InstanceScoped
    List<ShopifyElement.Description> list() {
        return List.of(ShopifyElement.describe());
    }

    @GetMapping("/{keyOrId}")
    @InstanceScoped
    ShopifyElement.Description get(@PathVariable String keyOrId) {
        requireElement(keyOrId);
        return ShopifyElement.describe();
    }

    /** Shopify's authorize URL for a shop, built on the same Shopify base as every other call. */
    @GetMapping("/{keyOrId}/oauth/url")
    Map<String, String> oauthUrl(@PathVariable String keyOrId,
            @RequestParam(required = false) String apiKey, @RequestParam(required = false) String apiSecret,
            @RequestParam(required = false) String callbackUrl, @RequestParam(required = false) String siteAddress,
            @RequestParam(required = false) String state, @RequestParam(required = false) String scope) {
        requireElement(keyOrId);
        List<String> missing = new ArrayList<>();
        if (isBlank(apiKey)) {
            missing.add("apiKey");
        }
        if (isBlank(callbackUrl)) {
            missing.add("callbackUrl");
        }
        if (isBlank(siteAddress)) {
            missing.add("siteAddress");
        }
        if (!missing.isEmpty()) {
            throw ApiException.badRequest("Missing query parameter(s): " + String.join(", ", missing));
        }
        if (!PublicUrl.isHttpUrl(callbackUrl)) {
            throw ApiException.badRequest("callbackUrl must be an absolute http(s) URL");
        }
        ShopDomain shop = ShopDomain.parse(siteAddress).orElseThrow(() -> ApiException.badRequest(
                "siteAddress is not a valid Shopify shop name: use mystore, mystore.myshopify.com "
                        + "or https://mystore.myshopify.com"));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", apiKey.strip());
        query.put("scope", isBlank(scope) ? ShopifyElement.DEFAULT_SCOPE : scope.strip());
        query.put("redirect_uri", callbackUrl.strip());
        query.put("state", isBlank(state) ? ShopifyElement.KEY : state);
        StringBuilder url = new StringBuilder(shopify.authorizeUrl(shop)).append('?');
        query.forEach((name, value) -> url.append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&'));
        url.setLength(url.length() - 1);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("element", ShopifyElement.KEY);
        answer.put("oauthUrl", url.toString());
        return answer;
    }

    private static void requireElement(String keyOrId) {
        if (!ShopifyElement.matches(keyOrId)) {
            throw ApiException.notFound("No element '" + keyOrId + "'; this installation offers: shopify");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
