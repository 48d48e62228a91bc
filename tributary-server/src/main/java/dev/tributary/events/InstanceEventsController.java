package dev.tributary.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tributary.instances.InstanceManagement;
import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.auth.InstanceScoped;
import dev.tributary.platform.paging.Page;
import dev.tributary.platform.paging.PageRequest;
import dev.tributary.platform.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /instances/{id}/events}: the instance's events, newest first, filtered and paged. */
@RestController
class InstanceEventsController {

    private static final String SELECT_EVENTS = """
            SELECT id, event_id, source, topic, object_type, object_id, event_type, created_at FROM notifications
            WHERE account_id = :accountId AND instance_id = :instanceId AND id < :beforeId
              AND created_at >= :from AND created_at <= :to%s
            ORDER BY id DESC
            LIMIT :limit
            """;

    private final JdbcClient jdbc;
    private final InstanceManagement instances;
    private final TransactionTemplate transactions;

    InstanceEventsController(JdbcClient jdbc, InstanceManagement instances, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.instances = instances;
        this.transactions = transactions;
    }

    @GetMapping(path = "/elements/api-v2/instances/{id}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @InstanceScoped
    ResponseEntity<List<Map<String, Object>>> events(Caller caller, @PathVariable long id,
            @RequestParam(required = false) String objectType, @RequestParam(required = false) String eventType,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String pageSize, @RequestParam(required = false) String nextPage) {
        instances.get(caller, id);
        PageRequest page = PageRequest.of(pageSize, nextPage);
        long fromMillis = from == null ? Long.MIN_VALUE : time("from", from).toEpochMilli();
        long toMillis = to == null ? Long.MAX_VALUE : time("to", to).toEpochMilli();
        String type = blankToNull(objectType);
        String kind = blankToNull(eventType) == null ? null : eventType.strip().toUpperCase(java.util.Locale.ROOT);
        String filters = (type == null ? "" : " AND object_type = :objectType") + (kind == null ? "" : " AND event_type = :eventType");
        List<Map<String, Object>> rows = transactions.execute(status -> {
            JdbcClient.StatementSpec statement = jdbc.sql(SELECT_EVENTS.formatted(filters));
            if (type != null) {
                statement = statement.param("objectType", type);
            }
            if (kind != null) {
                statement = statement.param("eventType", kind);
            }
            return statement
                .param("accountId", caller.accountId())
                .param("instanceId", id)
                .param("beforeId", page.afterId() == 0 ? Long.MAX_VALUE : page.afterId())
                .param("from", fromMillis)
                .param("to", toMillis)
                .param("limit", page.fetchSize())
                .query((rs, n) -> {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("id", rs.getLong("id"));
                    event.put("eventId", rs.getString("event_id"));
                    event.put("elementKey", "shopify");
                    event.put("objectType", rs.getString("object_type"));
                    event.put("objectId", rs.getString("object_id"));
                    event.put("eventType", rs.getString("event_type"));
                    event.put("providerEventType", rs.getString("topic"));
                    event.put("source", rs.getString("source"));
                    event.put("eventDate", Instant.ofEpochMilli(rs.getLong("created_at")).toString());
                    return event;
                })
                .list();
        });
        // Newest first: the next page continues below the last id shown.
        return Page.of(rows, page, event -> (Long) event.get("id")).toResponse();
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
