package dev.tributary.ingest;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The addresses Shopify sends webhooks to: an instance's own
 * ({@code /events/shopify/{instanceKey}}) and the shop-routed one for compliance topics. They are
 * authenticated by Shopify's HMAC, not by user secrets.
 */
@RestController
class IngestController {

    /** The three possible answers, serialized once: this is the hot path, Jackson per request shows in profiles. */
    private static final Map<WebhookIngest.Outcome, byte[]> ANSWERS = new EnumMap<>(WebhookIngest.Outcome.class);

    static {
        for (WebhookIngest.Outcome outcome : WebhookIngest.Outcome.values()) {
            ANSWERS.put(outcome, ("{\"outcome\":\"" + outcome.name().toLowerCase(Locale.ROOT) + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private final WebhookIngest ingest;

    IngestController(WebhookIngest ingest) {
        this.ingest = ingest;
    }

    @PostMapping(path = "/elements/api-v2/events/shopify/{instanceKey}", consumes = MediaType.ALL_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> receive(@PathVariable String instanceKey, @RequestBody(required = false) byte[] body,
            @RequestHeader(name = WebhookIngest.TOPIC, required = false) String topic,
            @RequestHeader(name = WebhookIngest.HMAC, required = false) String hmac,
            @RequestHeader(name = WebhookIngest.SHOP_DOMAIN, required = false) String shopDomain,
            @RequestHeader(name = WebhookIngest.WEBHOOK_ID, required = false) String webhookId,
            @RequestHeader(name = WebhookIngest.TRIGGERED_AT, required = false) String triggeredAt) {
        WebhookIngest.Outcome outcome = ingest.receive(instanceKey,
                new WebhookIngest.ShopifyHeaders(topic, hmac, shopDomain, webhookId, triggeredAt),
                body == null ? new byte[0] : body);
        return answer(outcome);
    }

    @PostMapping(path = "/elements/api-v2/events/shopify", consumes = MediaType.ALL_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> receiveForShop(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = WebhookIngest.TOPIC, required = false) String topic,
            @RequestHeader(name = WebhookIngest.HMAC, required = false) String hmac,
            @RequestHeader(name = WebhookIngest.SHOP_DOMAIN, required = false) String shopDomain,
            @RequestHeader(name = WebhookIngest.WEBHOOK_ID, required = false) String webhookId,
            @RequestHeader(name = WebhookIngest.TRIGGERED_AT, required = false) String triggeredAt) {
        WebhookIngest.Outcome outcome = ingest.receiveForShop(
                new WebhookIngest.ShopifyHeaders(topic, hmac, shopDomain, webhookId, triggeredAt),
                body == null ? new byte[0] : body);
        return answer(outcome);
    }

    private static ResponseEntity<byte[]> answer(WebhookIngest.Outcome outcome) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ANSWERS.get(outcome));
    }
}
