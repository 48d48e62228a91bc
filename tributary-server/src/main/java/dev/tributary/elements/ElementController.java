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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /elements}: the connectors on offer (Shopify) and the OAuth URL to connect a shop. */
@RestController
@RequestMapping(path = "/elements/api-v2/elements", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Elements", description = "The connectors this installation offers (`shopify`, in the `ecommerce` hub): "
        + "the events they raise, the topics and configuration keys they take, and the OAuth URL that connects a shop.")
class ElementController {

    private static final String KEY_OR_ID = "The element's key (`shopify`) or id (`48`)";

    private final ShopifyClient shopify;

    ElementController(ShopifyClient shopify) {
        this.shopify = shopify;
    }

    @GetMapping
    @InstanceScoped
    @Operation(operationId = "listElements", summary = "The elements on offer")
    List<ShopifyElement.Description> list() {
        return List.of(ShopifyElement.describe());
    }

    @GetMapping("/{keyOrId}")
    @InstanceScoped
    @Operation(operationId = "getElement", summary = "One element")
    ShopifyElement.Description get(@Parameter(description = KEY_OR_ID) @PathVariable String keyOrId) {
        requireElement(keyOrId);
        return ShopifyElement.describe();
    }

    /** Shopify's authorize URL for a shop, built on the same Shopify base as every other call. */
    @GetMapping("/{keyOrId}/oauth/url")
    @Operation(operationId = "getOAuthUrl", summary = "The URL that asks a shop's owner to install the app")
    @ApiResponse(responseCode = "200", description = "Shopify's authorize URL for the shop",
            content = @Content(schema = @Schema(implementation = OAuthUrl.class)))
    Map<String, String> oauthUrl(@Parameter(description = KEY_OR_ID) @PathVariable String keyOrId,
            @Parameter(required = true, description = "The app's client id") @RequestParam(required = false) String apiKey,
            @Parameter(description = "The app's client secret; not needed for the URL, accepted for compatibility")
            @RequestParam(required = false) String apiSecret,
            @Parameter(required = true, description = "The app's redirect URL: an absolute http(s) URL")
            @RequestParam(required = false) String callbackUrl,
            @Parameter(required = true, description = "The shop: `mystore`, `mystore.myshopify.com` or "
                    + "`https://mystore.myshopify.com`", example = "mystore")
            @RequestParam(required = false) String siteAddress,
            @Parameter(description = "Given back on the redirect; the element key unless set")
            @RequestParam(required = false) String state,
            @Parameter(description = "The scopes asked for", example = ShopifyElement.DEFAULT_SCOPE)
            @RequestParam(required = false) String scope) {
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

    /** The answer of {@code GET /elements/{keyOrId}/oauth/url}, for the API description. */
    @Schema(name = "OAuthUrl")
    record OAuthUrl(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = ShopifyElement.KEY) String element,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Shopify's authorize URL, on the same "
                    + "Shopify base as every other call",
                    example = "https://mystore.myshopify.com/admin/oauth/authorize?client_id=abc&scope="
                            + "write_orders%2Cwrite_products%2Cwrite_customers&redirect_uri=https%3A%2F%2Fapp.example"
                            + "%2Fcallback&state=shopify") String oauthUrl) {
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
