package dev.tributary.hub;

import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.auth.InstanceScoped;
import dev.tributary.platform.openapi.SharedComponents;
import dev.tributary.platform.paging.PageRequest;
import dev.tributary.platform.web.ApiError;
import dev.tributary.platform.web.LoggedPaths;
import dev.tributary.platform.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /hubs/ecommerce/{orders|customers|products}[/{id}]}: the shop's objects, read through the caller's instance. */
@RestController
@InstanceScoped
@RequestMapping(path = "/elements/api-v2/hubs/ecommerce", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Hub", description = "The shop's orders, customers and products, read from Shopify when asked, through "
        + "the instance whose Element token the call carries.")
@SecurityRequirement(name = SharedComponents.INSTANCE_SECURITY)
@ApiResponse(responseCode = "422", ref = SharedComponents.SHOPIFY_REFUSED)
@ApiResponse(responseCode = "502", ref = SharedComponents.SHOPIFY_FAILED)
@ApiResponse(responseCode = "503", ref = SharedComponents.SHOPIFY_THROTTLED)
class HubResourceController {

    /** How long a throttled caller is asked to wait: Shopify's usual Retry-After. */
    static final String RETRY_AFTER_SECONDS = "2";

    private static final String RESOURCE = "The kind of object";

    private static final Logger log = LoggerFactory.getLogger(HubResourceController.class);

    private final HubResources hub;

    HubResourceController(HubResources hub) {
        this.hub = hub;
    }

    @GetMapping("/{resource}")
    @Operation(operationId = "listHubObjects", summary = "The shop's orders, customers or products")
    @ApiResponse(responseCode = "200", description = "One page of Shopify's objects, as Shopify's Admin REST API "
            + "gives them", content = @Content(array = @ArraySchema(schema = @Schema(type = "object"))))
    ResponseEntity<JsonNode> list(Caller caller, @Parameter(description = RESOURCE, schema = @Schema(
            allowableValues = {"orders", "customers", "products"})) @PathVariable String resource,
            @Parameter(description = "Shopify's list filters as terms `field = 'value'` joined by `and`, and "
                    + "`ids in (1, 2)`; fields `updated_at_min`, `updated_at_max`, `created_at_min`, `created_at_max`, "
                    + "`status` (orders: `open`, `closed`, `cancelled`, `any`; `any` unless given), `since_id`, `ids`",
                    example = "updated_at_min = '2026-11-28T10:00:00Z' and status = 'any'")
            @RequestParam(required = false) String where, @RequestParam(required = false) String pageSize,
            @RequestParam(required = false) String nextPage) {
        HubResources.HubPage page = hub.list(caller, resource, where, pageSize, nextPage);
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (page.nextPageToken() != null) {
            response.header(PageRequest.NEXT_PAGE_HEADER, page.nextPageToken());
        }
        return response.body(page.items());
    }

    @GetMapping("/{resource}/{id}")
    @Operation(operationId = "getHubObject", summary = "One order, customer or product of the shop")
    @ApiResponse(responseCode = "200", description = "The object as Shopify's Admin REST API gives it",
            content = @Content(schema = @Schema(type = "object")))
    JsonNode get(Caller caller, @Parameter(description = RESOURCE, schema = @Schema(
            allowableValues = {"orders", "customers", "products"})) @PathVariable String resource,
            @Parameter(description = "The object's Shopify id") @PathVariable String id) {
        return hub.get(caller, resource, id);
    }

    @ExceptionHandler(ShopifyThrottled.class)
    ResponseEntity<ApiError> throttled(ShopifyThrottled e, HttpServletRequest request) {
        log.info("{} {} answered 503: {}", request.getMethod(), LoggedPaths.of(request), e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(e.getMessage(), RequestIds.of(request), e.providerMessage()));
    }
}
