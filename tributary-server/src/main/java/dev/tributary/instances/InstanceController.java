package dev.tributary.instances;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.auth.InstanceScoped;
import dev.tributary.platform.openapi.SharedComponents;
import dev.tributary.platform.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /instances}: connect a shop, list, change and remove connections. */
@RestController
@RequestMapping(path = "/elements/api-v2/instances", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Instances", description = "An account's connections to shops: connect a shop with the code of "
        + "Shopify's OAuth redirect, list, change and remove connections, and read or change their configuration. "
        + "Changing the topics or the callback URL takes effect at once.")
class InstanceController {

    private final InstanceManagement instances;

    InstanceController(InstanceManagement instances) {
        this.instances = instances;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createInstance", summary = "Connect a shop",
            description = "Exchanges the code for an access token at the shop, subscribes the topics when events are "
                    + "enabled, and answers the instance. A code Shopify refuses leaves no instance.")
    @ApiResponse(responseCode = "200", description = "The instance", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "422", ref = SharedComponents.SHOPIFY_REFUSED)
    @ApiResponse(responseCode = "502", ref = SharedComponents.SHOPIFY_FAILED)
    InstanceView create(Caller caller, @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = CreateBody.class))) @RequestBody JsonNode body) {
        return instances.create(caller, body);
    }

    @GetMapping
    @Operation(operationId = "listInstances", summary = "The account's instances")
    ResponseEntity<List<InstanceView>> list(Caller caller,
            @Parameter(description = "Only instances with one of these tags")
            @RequestParam(name = "tags[]", required = false) List<String> tagsWithBrackets,
            @Parameter(description = "The same as `tags[]`")
            @RequestParam(name = "tags", required = false) List<String> tags,
            @RequestParam(required = false) String pageSize, @RequestParam(required = false) String nextPage) {
        List<String> filter = new ArrayList<>();
        if (tagsWithBrackets != null) {
            filter.addAll(tagsWithBrackets);
        }
        if (tags != null) {
            filter.addAll(tags);
        }
        return instances.list(caller, PageRequest.of(pageSize, nextPage), filter).toResponse();
    }

    @GetMapping("/{id}")
    @InstanceScoped
    @Operation(operationId = "getInstance", summary = "One instance")
    InstanceView get(Caller caller, @PathVariable long id) {
        return instances.get(caller, id);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "updateInstance", summary = "Change an instance's name, tags or configuration",
            description = "A partial update. Changed topics are subscribed and unsubscribed at Shopify as a diff; a "
                    + "changed callback URL applies to every delivery not yet made.")
    @ApiResponse(responseCode = "200", description = "The instance after the change", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "422", ref = SharedComponents.SHOPIFY_REFUSED)
    @ApiResponse(responseCode = "502", ref = SharedComponents.SHOPIFY_FAILED)
    InstanceView update(Caller caller, @PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = UpdateBody.class))) @RequestBody JsonNode body) {
        return instances.update(caller, id, body);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteInstance", summary = "Remove an instance",
            description = "Unsubscribes its topics at Shopify first, best effort (what is left there is retried in the "
                    + "background and listed in the answer), then removes it and cancels its undelivered deliveries.")
    InstanceManagement.DeletedInstance delete(Caller caller, @PathVariable long id) {
        return instances.delete(caller, id);
    }

    @GetMapping("/{id}/configuration")
    @InstanceScoped
    @Operation(operationId = "getInstanceConfiguration", summary = "An instance's configuration, one entry per key",
            description = "Secrets are masked as `********`.")
    List<InstanceManagement.ConfigurationEntry> configuration(Caller caller, @PathVariable long id) {
        return instances.configuration(caller, id);
    }

    @PatchMapping(path = "/{id}/configuration/{configurationId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "updateInstanceConfiguration", summary = "Change one configuration entry of an instance")
    @ApiResponse(responseCode = "200", description = "The entry after the change", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "422", ref = SharedComponents.SHOPIFY_REFUSED)
    @ApiResponse(responseCode = "502", ref = SharedComponents.SHOPIFY_FAILED)
    InstanceManagement.ConfigurationEntry updateConfiguration(Caller caller, @PathVariable long id,
            @Parameter(description = "The entry's `id` in the instance's configuration") @PathVariable long configurationId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = ConfigurationChange.class))) @RequestBody JsonNode body) {
        return instances.updateConfiguration(caller, id, configurationId, body);
    }

    // The request bodies as the API description shows them. The handlers read JSON trees instead, so
    // that a wrong or unknown field gets an error that names it.

    private static final String CONFIGURATION = "Configuration keys and their values (`GET /elements/shopify` lists "
            + "the keys): strings, except `event.notification.enabled` (also a boolean) and "
            + "`event.poller.configuration` (a JSON object)";
    private static final String CONFIGURATION_EXAMPLE = """
            {"oauth.api.key": "3f1c0a7b", "oauth.api.secret": "hush", \
            "event.notification.enabled": true, \
            "event.notification.callback.url": "https://app.example/shopify-events", \
            "shopify.webhook.topics": "orders/create, orders/updated"}""";

    /** {@code POST /instances}. */
    @Schema(name = "InstanceCreate")
    record CreateBody(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ElementReference element,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ProviderData providerData,
            @Schema(description = CONFIGURATION, example = CONFIGURATION_EXAMPLE) Map<String, Object> configuration,
            @Schema(description = "Labels to find the instance by") List<String> tags,
            @Schema(description = "The instance's name; the shop's domain unless given") String name) {
    }

    /** The element of {@code POST /instances}. */
    @Schema(name = "ElementReference", description = "The element, by key or by id")
    record ElementReference(@Schema(example = "shopify") String key, @Schema(example = "48") Long id) {
    }

    /** Shopify's OAuth redirect parameters. */
    @Schema(name = "ProviderData", description = "The parameters of Shopify's OAuth redirect: `code`, and `shop` when "
            + "the configuration has no `shopify.site.address`; the others may be passed on and are ignored")
    record ProviderData(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The authorization code") String code,
            @Schema(example = "mystore.myshopify.com") String shop, String state, String hmac, String host,
            String timestamp) {
    }

    /** {@code PATCH /instances/{id}}. */
    @Schema(name = "InstanceUpdate", description = "A partial update: only the fields given change")
    record UpdateBody(String name, @Schema(description = "Replaces the tags") List<String> tags,
            @Schema(description = "The keys given change; " + CONFIGURATION) Map<String, Object> configuration) {
    }

    /** {@code PATCH /instances/{id}/configuration/{configurationId}}. */
    @Schema(name = "InstanceConfigurationChange")
    record ConfigurationChange(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The new value, as in the instance's configuration") String propertyValue) {
    }
}
