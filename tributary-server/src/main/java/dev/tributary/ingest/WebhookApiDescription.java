package dev.tributary.ingest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API description of the addresses Shopify sends webhooks to: an instance's own
 * ({@code /events/shopify/{instanceKey}}) and the shop-routed one for compliance topics. They are
 * authenticated by Shopify's HMAC, not by user secrets. {@link WebhookServlet} serves both ahead of
 * Spring MVC (the container hands it these paths), so these mappings are never called: they are
 * here for springdoc, which describes MVC mappings, and keep the description as it was.
 */
@RestController
@Tag(name = "Shopify webhooks", description = "The addresses Shopify sends webhooks to. They are authenticated by "
        + "`X-Shopify-Hmac-Sha256` (the HMAC-SHA256 of the exact body with the app's secret, `oauth.api.secret`), "
        + "not by the Authorization header. A webhook is stored durably before the 200.")
@SecurityRequirements
class WebhookApiDescription {

    private static final String HMAC_DESCRIPTION = "Base64 of the HMAC-SHA256 of the exact body, keyed with the "
            + "app's secret (the instance's `oauth.api.secret`); a missing or wrong one is a 401 and nothing is stored";
    private static final String WEBHOOK_ID_DESCRIPTION = "Shopify's id of this webhook: a repeat of one already "
            + "stored for the instance is answered 200 and delivered no second time";

    @PostMapping(path = WebhookServlet.ADDRESS + "/{instanceKey}", consumes = MediaType.ALL_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "receiveWebhook", summary = "Receive a webhook for one instance",
            description = "The address Tributary gives Shopify for each instance when it subscribes its topics.")
    @ApiResponse(responseCode = "200", description = "Stored, a repeat of a webhook already stored, or a topic "
            + "the instance did not subscribe", content = @Content(schema = @Schema(implementation = Answer.class)))
    @ApiResponse(responseCode = "401", description = "`X-Shopify-Hmac-Sha256` is missing or does not match the body",
            content = @Content(schema = @Schema(ref = "ApiError")))
    @ApiResponse(responseCode = "503", description = "Overloaded: the webhook was not stored; Shopify sends it again",
            content = @Content(schema = @Schema(ref = "ApiError")))
    ResponseEntity<byte[]> receive(
            @Parameter(description = "The opaque key in the instance's webhook address (not its id)")
            @PathVariable String instanceKey,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "The webhook's payload as Shopify "
                    + "sends it; the HMAC covers these exact bytes", content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
            @RequestBody(required = false) byte[] body,
            @Parameter(required = true, description = "The webhook topic", example = "orders/create")
            @RequestHeader(name = WebhookIngest.TOPIC, required = false) String topic,
            @Parameter(required = true, description = HMAC_DESCRIPTION)
            @RequestHeader(name = WebhookIngest.HMAC, required = false) String hmac,
            @Parameter(description = "The shop", example = "mystore.myshopify.com")
            @RequestHeader(name = WebhookIngest.SHOP_DOMAIN, required = false) String shopDomain,
            @Parameter(required = true, description = WEBHOOK_ID_DESCRIPTION)
            @RequestHeader(name = WebhookIngest.WEBHOOK_ID, required = false) String webhookId,
            @Parameter(description = "When Shopify triggered the webhook", example = "2026-11-28T15:04:05Z")
            @RequestHeader(name = WebhookIngest.TRIGGERED_AT, required = false) String triggeredAt) {
        throw servedByWebhookServlet();
    }

    @PostMapping(path = WebhookServlet.ADDRESS, consumes = MediaType.ALL_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "receiveShopWebhook", summary = "Receive a webhook for a shop",
            description = "The shop-routed address, for the compliance topics set in the app's settings at Shopify: "
                    + "the webhook goes to the instances of the shop in `X-Shopify-Shop-Domain` whose app secret "
                    + "verifies its HMAC.")
    @ApiResponse(responseCode = "200", description = "Stored, a repeat of a webhook already stored, or a topic "
            + "the instances did not subscribe", content = @Content(schema = @Schema(implementation = Answer.class)))
    @ApiResponse(responseCode = "401", description = "`X-Shopify-Hmac-Sha256` is missing or matches no instance "
            + "of the shop", content = @Content(schema = @Schema(ref = "ApiError")))
    @ApiResponse(responseCode = "503", description = "Overloaded: the webhook was not stored; Shopify sends it again",
            content = @Content(schema = @Schema(ref = "ApiError")))
    ResponseEntity<byte[]> receiveForShop(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "The webhook's payload as Shopify "
                    + "sends it; the HMAC covers these exact bytes", content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
            @RequestBody(required = false) byte[] body,
            @Parameter(required = true, description = "The webhook topic", example = "shop/redact")
            @RequestHeader(name = WebhookIngest.TOPIC, required = false) String topic,
            @Parameter(required = true, description = HMAC_DESCRIPTION)
            @RequestHeader(name = WebhookIngest.HMAC, required = false) String hmac,
            @Parameter(required = true, description = "The shop whose instances receive the webhook",
                    example = "mystore.myshopify.com")
            @RequestHeader(name = WebhookIngest.SHOP_DOMAIN, required = false) String shopDomain,
            @Parameter(required = true, description = WEBHOOK_ID_DESCRIPTION)
            @RequestHeader(name = WebhookIngest.WEBHOOK_ID, required = false) String webhookId,
            @Parameter(description = "When Shopify triggered the webhook", example = "2026-11-28T15:04:05Z")
            @RequestHeader(name = WebhookIngest.TRIGGERED_AT, required = false) String triggeredAt) {
        throw servedByWebhookServlet();
    }

    /** The JSON of the answers above, for the API description. */
    @Schema(name = "WebhookReceipt")
    record Answer(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"stored", "duplicate", "ignored"})
            String outcome) {
    }

    private static IllegalStateException servedByWebhookServlet() {
        return new IllegalStateException("WebhookServlet serves the webhook addresses; this mapping only describes them");
    }
}
