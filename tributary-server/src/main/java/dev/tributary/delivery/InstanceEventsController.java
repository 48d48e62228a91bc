package dev.tributary.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import dev.tributary.instances.InstanceManagement;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /instances/{id}/events}: the instance's events (its notifications), newest first,
 * filtered and paged.
 */
@RestController
@Tag(name = "Events", description = "An instance's normalized events (one change of one object each), newest first.")
class InstanceEventsController {

    private final Notifications notifications;
    private final InstanceManagement instances;
    private final TransactionTemplate transactions;

    InstanceEventsController(Notifications notifications, InstanceManagement instances, TransactionTemplate transactions) {
        this.notifications = notifications;
        this.instances = instances;
        this.transactions = transactions;
    }

    @GetMapping(path = "/elements/api-v2/instances/{id}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @InstanceScoped
    @Operation(operationId = "listInstanceEvents", summary = "An instance's events, newest first")
    @ApiResponse(responseCode = "200", description = "One page of events", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = EventJson.class))))
    ResponseEntity<List<Map<String, Object>>> events(Caller caller, @PathVariable long id,
            @Parameter(description = "Only events of this object type", example = "orders")
            @RequestParam(required = false) String objectType,
            @Parameter(description = "Only events of this type", schema = @Schema(allowableValues = {"CREATED",
                    "UPDATED", "DELETED"})) @RequestParam(required = false) String eventType,
            @Parameter(description = "Only events from this time on (ISO-8601)", schema = @Schema(format = "date-time"))
            @RequestParam(required = false) String from,
            @Parameter(description = "Only events before this time (ISO-8601)", schema = @Schema(format = "date-time"))
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String pageSize, @RequestParam(required = false) String nextPage) {
        instances.get(caller, id);
        PageRequest page = PageRequest.of(pageSize, nextPage);
        Notifications.EventFilter filter = new Notifications.EventFilter(blankToNull(objectType),
                blankToNull(eventType) == null ? null : eventType.strip().toUpperCase(java.util.Locale.ROOT),
                from == null ? null : time("from", from), to == null ? null : time("to", to));
        List<Map<String, Object>> rows = transactions.execute(status ->
                notifications.events(caller.accountId(), id, filter, page.afterId(), page.fetchSize()));
        // Newest first: the next page continues below the last id shown.
        return Page.of(rows, page, event -> (Long) event.get("id")).toResponse();
    }

    /** One event as the list shows it, for the API description (the rows are maps). */
    @Schema(name = "InstanceEvent")
    record EventJson(long id, @Schema(description = "The notification that carried the event") String eventId,
            @Schema(example = "shopify") String elementKey, @Schema(example = "orders") String objectType,
            @Schema(example = "450789469") String objectId,
            @Schema(allowableValues = {"CREATED", "UPDATED", "DELETED"}) String eventType,
            @Schema(description = "The Shopify topic", example = "orders/create") String providerEventType,
            @Schema(allowableValues = {"webhook", "polling"}) String source, Instant eventDate) {
    }

    private static Instant time(String name, String value) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value.strip());
            } catch (DateTimeParseException again) {
                throw ApiException.badRequest(name + " must be an ISO-8601 time such as 2026-11-28T15:04:05Z");
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
