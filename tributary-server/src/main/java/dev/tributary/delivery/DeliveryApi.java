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
class DeliveryApi {

    private static final Logger log = LoggerFactory.getLogger(DeliveryApi.class);

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
    ResponseEntity<List<Map<String, Object>>> deliveries(Caller caller, @RequestParam(required = false) String where,
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
                item.put("createdDate", row.createdAt().toString());
                item.put("payload", json.readTree(row.payload()));
                items.add(item);
            }
            return new Page<>(items, rows.nextPageToken()).toResponse();
        });
    }

    /** Reactivates the subscriptions of the matching deliveries and redelivers the queued ones, oldest first. */
    @PutMapping("/deliveries")
    Map<String, Object> redeliver(Caller caller, @RequestParam(required = false) String where) {
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
        signal.wake();
        for (String url : reactivated) {
            log.info("Subscription of account {} for {} reactivated by a redelivery", caller.accountId(),
                    AttemptOutcomes.hostAndPort(url));
        }
        log.info("Redelivery for account {} where {}: {} queued deliveries sent again, {} subscription(s) reactivated",
                caller.accountId(), where == null ? "(everything)" : where, count, reactivated.size());
        return Map.of("count", count);
    }

    @GetMapping
    List<Map<String, Object>> subscriptions(Caller caller) {
        return transactions.execute(status -> queries.subscriptions(caller.accountId()));
    }

    private static WhereExpression parse(String where) {
        try {
            return WhereExpression.parse(where);
        } catch (WhereExpression.WhereSyntaxException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
