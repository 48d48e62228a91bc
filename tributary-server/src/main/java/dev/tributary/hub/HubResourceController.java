package dev.tributary.hub;

import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.auth.InstanceScoped;
import dev.tributary.platform.paging.PageRequest;
import dev.tributary.platform.web.ApiError;
import dev.tributary.platform.web.LoggedPaths;
import dev.tributary.platform.web.RequestIds;
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
class HubResourceController {

    /** How long a throttled caller is asked to wait: Shopify's usual Retry-After. */
    static final String RETRY_AFTER_SECONDS = "2";

    private static final Logger log = LoggerFactory.getLogger(HubResourceController.class);

    private final HubResources hub;

    HubResourceController(HubResources hub) {
        this.hub = hub;
    }

    @GetMapping("/{resource}")
    ResponseEntity<JsonNode> list(Caller caller, @PathVariable String resource,
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
    JsonNode get(Caller caller, @PathVariable String resource, @PathVariable String id) {
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
