package dev.tributary.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.auth.InstanceScoped;
import dev.tributary.platform.paging.Page;
import dev.tributary.platform.paging.PageRequest;
import dev.tributary.platform.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /notifications/subscriptions}: the caller's deliveries ({@code where} filtered, paged),
 * redelivery of queued ones with reactivation of their subscriptions, and the subscriptions.
 */
@RestController
@RequestMapping(path = "/elements/api-v2/notifications/subscriptions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Deliveries", description = "Getting notifications to callback URLs: each delivery with its attempts, "
        + "redelivery of queued ones, and the subscriptions (one per callback URL) that a run of failures deactivates.")
class DeliveryApi {

    private static final Logger log = LoggerFactory.getLogger(DeliveryApi.class);

    private static final String WHERE = "Terms `field op value` joined by `and`; ops `=`, `!=`, `>`, `>=`, `<`, "
            + "`<=`, `in (...)`; strings in single quotes; fields `channel`, `status`, `config.url`, `instanceId`, "
            + "`eventId`, `createdDate`";

    private final DeliveryQueries queries;
    private final TransactionTemplate transactions;
    private final DeliverySignal signal;
    private final JsonMapper json;
    private final Clock clock;

    DeliveryApi(DeliveryQueries queries, TransactionTemplate transactions, DeliverySignal signal, JsonMapper json,
            Clock clock) {
        this.queries = queries;
        this.transactions = transactions;
        this.signal = signal;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/deliveries")
    @InstanceScoped
    @Operation(operationId = "listDeliveries", summary = "The account's deliveries, oldest first",
            description = "An Element-only caller sees its instance's deliveries only.")
    @ApiResponse(responseCode = "200", description = "One page of deliveries", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = DeliveryJson.class))))
    ResponseEntity<List<Map<String, Object>>> deliveries(Caller caller,
            @Parameter(description = WHERE, example = "status = 'queued' and instanceId = 42")
            @RequestParam(required = false) String where,
            @RequestParam(required = false) String pageSize, @RequestParam(required = false) String nextPage) {
        WhereExpression expression = parse(where);
        PageRequest page = PageRequest.of(pageSize, nextPage);
        return transactions.execute(status -> {
            Page<DeliveryQueries.DeliveryRow> rows = Page.of(
                    queries.find(caller.accountId(), caller.instanceOnly() ? caller.instanceId() : null, expression,
                            page.afterId(), page.fetchSize()), page,
                    DeliveryQueries.DeliveryRow::id);
            Map<Long, List<Map<String, Object>>> attempts = queries.attempts(
                    rows.items().stream().map(DeliveryQueries.DeliveryRow::id).toList());
            List<Map<String, Object>> items = new ArrayList<>();
            for (DeliveryQueries.DeliveryRow row : rows.items()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", row.id());
                item.put("eventId", row.eventId());
                item.put("instanceId", row.instanceId());
                item.put("channel", row.channel());
                item.put("status", row.status());
                item.put("config", Map.of("url", row.url()));
                item.put("attempts", attempts.getOrDefault(row.id(), List.of()));
                item.put("nextAttemptDate", row.nextAttemptAt() == null ? null : row.nextAttemptAt().toString());
                item.put("waitingFor", row.waitingFor());
                item.put("createdDate", row.createdAt().toString());
                item.put("payload", json.readTree(row.payload()));
                items.add(item);
            }
            return new Page<>(items, rows.nextPageToken()).toResponse();
        });
    }

    /** Reactivates the subscriptions of the matching deliveries and redelivers the queued ones, oldest first. */
    @PutMapping("/deliveries")
    @Operation(operationId = "redeliver", summary = "Redeliver queued deliveries and reactivate their subscriptions",
            description = "Reactivates the subscriptions of the matching deliveries and sends the matching queued "
                    + "ones again, oldest first.")
    @ApiResponse(responseCode = "200", description = "How many queued deliveries are sent again",
            content = @Content(schema = @Schema(implementation = RedeliveryJson.class)))
    Map<String, Object> redeliver(Caller caller,
            @Parameter(description = WHERE + "; absent, every delivery", example = "status = 'queued'")
            @RequestParam(required = false) String where) {
        WhereExpression expression = parse(where);
        Instant now = clock.instant();
        List<String> reactivated = new ArrayList<>();
        int count = transactions.execute(status -> {
            reactivated.clear();
            List<Object[]> matching = queries.matching(caller.accountId(), expression);
            Set<String> urls = new LinkedHashSet<>();
            int redelivered = 0;
            for (Object[] delivery : matching) {
                urls.add((String) delivery[1]);
                // A millisecond apart, so the oldest is claimed first.
                if ("queued".equals(delivery[2])
                        && queries.redeliver(caller.accountId(), (Long) delivery[0], now.plusMillis(redelivered), now)) {
                    redelivered++;
                }
            }
            urls.stream().filter(url -> queries.reactivate(caller.accountId(), url)).forEach(reactivated::add);
            return redelivered;
        });
        signal.wakeEveryNode();
        for (String url : reactivated) {
            log.info("Subscription of account {} for {} reactivated by a redelivery", caller.accountId(),
                    AttemptOutcomes.hostAndPort(url));
        }
        log.info("Redelivery for account {} where {}: {} queued deliveries sent again, {} subscription(s) reactivated",
                caller.accountId(), where == null ? "(everything)" : where, count, reactivated.size());
        return Map.of("count", count);
    }

    @GetMapping
    @Operation(operationId = "listSubscriptions", summary = "The account's subscriptions, one per callback URL")
    @ApiResponse(responseCode = "200", description = "The subscriptions", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = SubscriptionJson.class))))
    List<Map<String, Object>> subscriptions(Caller caller) {
        return transactions.execute(status -> queries.subscriptions(caller.accountId()));
    }

    // The JSON of the answers above, for the API description (the handlers build maps).

    /** One delivery. */
    @Schema(name = "Delivery")
    record DeliveryJson(long id, @Schema(description = "The notification's id (its Elements-Event-Id)") String eventId,
            long instanceId, @Schema(allowableValues = "webhook") String channel,
            @Schema(allowableValues = {"pending", "retrying", "delivered", "queued", "cancelled"}) String status,
            CallbackJson config, List<AttemptJson> attempts,
            @Schema(description = "When the next attempt is due; null when none is") Instant nextAttemptDate,
            @Schema(description = "With event.delivery.ordering=object: the id of the delivery about the same "
                    + "object that this one waits for (an earlier one not delivered yet, or one being sent); "
                    + "null when it does not wait") Long waitingFor,
            Instant createdDate, @Schema(description = "The notification body, as sent") NotificationJson payload) {
    }

    /** Where a delivery or subscription goes. */
    @Schema(name = "CallbackConfig")
    record CallbackJson(@Schema(description = "The callback URL", example = "https://app.example/shopify-events")
            String url) {
    }

    /** One attempt of a delivery. */
    @Schema(name = "DeliveryAttempt")
    record AttemptJson(Instant time, @Schema(description = "The callback's status code; null after a network error")
            Integer statusCode, @Schema(description = "What failed, when something did") String error,
            long durationMs) {
    }

    /** The answer of a redelivery. */
    @Schema(name = "Redelivery")
    record RedeliveryJson(@Schema(description = "Queued deliveries sent again") int count) {
    }

    /** A subscription: the account's webhook channel paired with one callback URL. */
    @Schema(name = "Subscription")
    record SubscriptionJson(@Schema(allowableValues = "webhook") String channel, CallbackJson config,
            @Schema(allowableValues = {"active", "deactivated"}) String status, Instant deactivatedDate,
            @Schema(description = "Why it was deactivated: the retries ran out, or the callback answered 410")
            String deactivationReason, Instant createdDate) {
    }

    /** The body a callback receives (SPEC 2.6). */
    @Schema(name = "Notification", description = "The body a callback URL receives")
    record NotificationJson(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) NotificationMessageJson message) {
    }

    /** What a notification says. */
    @Schema(name = "NotificationMessage")
    record NotificationMessageJson(
            @Schema(description = "Unique id of the notification, also its Elements-Event-Id header") String eventId,
            @Schema(example = "shopify") String elementKey, @Schema(example = "ecommerce") String hubKey,
            long accountId, long instanceId, String instanceName, List<String> instanceTags,
            @Schema(allowableValues = {"webhook", "polling"}) String source,
            @Schema(example = "orders/create") String topic, @Schema(example = "mystore.myshopify.com") String shopDomain,
            String webhookId, Instant triggeredAt, List<NotificationEventJson> events,
            @Schema(description = "The provider's body exactly as received: JSON, or a JSON string when it was not JSON")
            Object raw) {
    }

    /** One event of a notification. */
    @Schema(name = "NotificationEvent")
    record NotificationEventJson(@Schema(example = "shopify") String elementKey,
            @Schema(example = "orders") String objectType,
            @Schema(description = "The object's id; null when the payload has none", example = "450789469")
            String objectId,
            @Schema(allowableValues = {"CREATED", "UPDATED", "DELETED"}) String eventType,
            @Schema(example = "orders/create") String providerEventType, Instant eventDate) {
    }

    private static WhereExpression parse(String where) {
        try {
            return WhereExpression.parse(where);
        } catch (WhereExpression.WhereSyntaxException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
