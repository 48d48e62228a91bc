package dev.tributary.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the delivery API: deliveries matching a {@code where} expression, their attempts, the
 * account's subscriptions, and redelivery. Every statement is scoped by the account; values are
 * always bound, the expression only picks among fixed column names and operators.
 */
@Repository
class DeliveryQueries {

    private static final String SELECT_DELIVERIES = """
            SELECT d.id, d.event_id, d.instance_id, d.channel, d.url, d.status, d.next_attempt_at, d.created_at, %s,
                   CASE WHEN d.status IN ('pending', 'retrying') AND (d.lease_until IS NULL OR d.lease_until < :now)
                             AND d.order_key IS NOT NULL
                        THEN %s END AS waiting_for
            FROM deliveries d JOIN notifications n ON n.id = d.notification_id
            WHERE d.account_id = :accountId AND d.id > :afterId%s
            ORDER BY d.id
            LIMIT :limit
            """;

    /**
     * What a waiting delivery {@code d} waits for: its object's delivery just before it in Shopify's
     * order, or else the one being sent.
     */
    private static final String WAITING_FOR = """
            COALESCE(
                (SELECT p.id FROM deliveries p
                 WHERE p.order_key = d.order_key AND p.status IN ('pending', 'retrying')
                   AND (p.order_at, p.order_version, p.id) < (d.order_at, d.order_version, d.id)
                 ORDER BY p.order_at DESC, p.order_version DESC, p.id DESC LIMIT 1),
                (SELECT p.id FROM deliveries p
                 WHERE p.order_key = d.order_key AND p.status IN ('pending', 'retrying') AND p.id <> d.id
                   AND p.lease_until >= :now
                 LIMIT 1))
            """;

    private static final String SELECT_ATTEMPTS = """
            SELECT delivery_id, attempted_at, status_code, error, duration_ms
            FROM delivery_attempts WHERE delivery_id IN (:ids) ORDER BY delivery_id, id
            """;

    private static final String SELECT_MATCHING = """
            SELECT d.id, d.url, d.status FROM deliveries d
            WHERE d.account_id = :accountId%s
            ORDER BY d.created_at, d.id
            """;

    private static final String REACTIVATE = """
            UPDATE callback_subscriptions SET status = 'active', deactivated_at = NULL, reason = NULL
            WHERE account_id = :accountId AND url = :url AND status = 'deactivated'
            """;

    private static final String REDELIVER = """
            UPDATE deliveries
            SET status = 'pending', next_attempt_at = :at, retries = 0, first_failure_at = NULL, in_order = 1,
                lease_owner = NULL, lease_until = NULL, updated_at = :now
            WHERE account_id = :accountId AND id = :id AND status = 'queued'
            """;

    private static final String SELECT_SUBSCRIPTIONS = """
            SELECT url, status, deactivated_at, reason, created_at FROM callback_subscriptions
            WHERE account_id = :accountId ORDER BY created_at, url
            """;

    private final JdbcClient jdbc;
    private final StoredBodies bodies;

    DeliveryQueries(JdbcClient jdbc, StoredBodies bodies) {
        this.jdbc = jdbc;
        this.bodies = bodies;
    }

    /** The account's deliveries matching {@code where}; only one instance's when {@code instanceId} is set. */
    List<DeliveryRow> find(long accountId, Long instanceId, WhereExpression where, long afterId, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        String conditions = conditions(where, params);
        if (instanceId != null) {
            conditions += " AND d.instance_id = :scopeInstanceId";
            params.put("scopeInstanceId", instanceId);
        }
        String sql = SELECT_DELIVERIES.formatted(StoredBodies.COLUMNS, WAITING_FOR, conditions);
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("accountId", accountId).param("afterId", afterId)
                .param("limit", limit).param("now", System.currentTimeMillis());
        for (Map.Entry<String, Object> param : params.entrySet()) {
            statement = statement.param(param.getKey(), param.getValue());
        }
        List<StoredBodies.Stored> stored = new ArrayList<>();
        List<DeliveryRow> rows = statement.query((rs, n) -> {
            long next = rs.getLong("next_attempt_at");
            Instant nextAttempt = rs.wasNull() ? null : Instant.ofEpochMilli(next);
            stored.add(StoredBodies.read(rs));
            long waitingFor = rs.getLong("waiting_for");
            Long waiting = rs.wasNull() ? null : waitingFor;
            return new DeliveryRow(rs.getLong("id"), rs.getString("event_id"), rs.getLong("instance_id"),
                    rs.getString("channel"), rs.getString("url"), rs.getString("status"), nextAttempt,
                    waiting, Instant.ofEpochMilli(rs.getLong("created_at")), null);
        }).list();
        List<byte[]> payloads = bodies.assemble(stored);
        List<DeliveryRow> withPayloads = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            withPayloads.add(rows.get(i).withPayload(payloads.get(i)));
        }
        return withPayloads;
    }

    Map<Long, List<Map<String, Object>>> attempts(List<Long> deliveryIds) {
        Map<Long, List<Map<String, Object>>> attempts = new LinkedHashMap<>();
        if (deliveryIds.isEmpty()) {
            return attempts;
        }
        jdbc.sql(SELECT_ATTEMPTS).param("ids", deliveryIds).query(rs -> {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("time", Instant.ofEpochMilli(rs.getLong("attempted_at")).toString());
            int code = rs.getInt("status_code");
            attempt.put("statusCode", rs.wasNull() ? null : code);
            attempt.put("error", rs.getString("error"));
            attempt.put("durationMs", rs.getLong("duration_ms"));
            attempts.computeIfAbsent(rs.getLong("delivery_id"), k -> new ArrayList<>()).add(attempt);
        });
        return attempts;
    }

    /** The matching deliveries (id, url, status), oldest first. */
    List<Object[]> matching(long accountId, WhereExpression where) {
        Map<String, Object> params = new LinkedHashMap<>();
        JdbcClient.StatementSpec statement = jdbc.sql(SELECT_MATCHING.formatted(conditions(where, params)))
                .param("accountId", accountId);
        for (Map.Entry<String, Object> param : params.entrySet()) {
            statement = statement.param(param.getKey(), param.getValue());
        }
        return statement.query((rs, n) -> new Object[] {rs.getLong("id"), rs.getString("url"), rs.getString("status")}).list();
    }

    /** Reactivates the account's subscription for {@code url}; false when it was active already. */
    boolean reactivate(long accountId, String url) {
        return jdbc.sql(REACTIVATE).param("accountId", accountId).param("url", url).update() == 1;
    }

    boolean redeliver(long accountId, long id, Instant at, Instant now) {
        return jdbc.sql(REDELIVER).param("accountId", accountId).param("id", id).param("at", at.toEpochMilli())
                .param("now", now.toEpochMilli()).update() == 1;
    }

    List<Map<String, Object>> subscriptions(long accountId) {
        return jdbc.sql(SELECT_SUBSCRIPTIONS).param("accountId", accountId).query((rs, n) -> {
            Map<String, Object> subscription = new LinkedHashMap<>();
            subscription.put("channel", "webhook");
            subscription.put("config", Map.of("url", rs.getString("url")));
            subscription.put("status", rs.getString("status"));
            long deactivated = rs.getLong("deactivated_at");
            subscription.put("deactivatedDate", rs.wasNull() ? null : Instant.ofEpochMilli(deactivated).toString());
            subscription.put("deactivationReason", rs.getString("reason"));
            subscription.put("createdDate", Instant.ofEpochMilli(rs.getLong("created_at")).toString());
            return subscription;
        }).list();
    }

    /** The expression as SQL conditions over fixed column names, its values bound as parameters. */
    private static String conditions(WhereExpression where, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder();
        int index = 0;
        for (WhereExpression.Condition condition : where.conditions()) {
            String column = switch (condition.field()) {
                case CHANNEL -> "d.channel";
                case STATUS -> "d.status";
                case CONFIG_URL -> "d.url";
                case INSTANCE_ID -> "d.instance_id";
                case EVENT_ID -> "d.event_id";
                case CREATED_DATE -> "d.created_at";
            };
            List<Object> values = condition.values().stream()
                    .map(value -> value instanceof Instant instant ? (Object) instant.toEpochMilli() : value)
                    .toList();
            String name = "w" + index++;
            if (condition.operator() == WhereExpression.Operator.IN) {
                sql.append(" AND ").append(column).append(" IN (:").append(name).append(')');
                params.put(name, values);
            } else {
                sql.append(" AND ").append(column).append(' ').append(sqlOperator(condition.operator()))
                        .append(" :").append(name);
                params.put(name, values.get(0));
            }
        }
        return sql.toString();
    }

    private static String sqlOperator(WhereExpression.Operator operator) {
        return switch (operator) {
            case EQ -> "=";
            case NE -> "<>";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            case LE -> "<=";
            case IN -> "IN";
        };
    }

    /** One delivery with its notification's bytes. */
    record DeliveryRow(long id, String eventId, long instanceId, String channel, String url, String status,
            Instant nextAttemptAt, Long waitingFor, Instant createdAt, byte[] payload) {

        DeliveryRow withPayload(byte[] exact) {
            return new DeliveryRow(id, eventId, instanceId, channel, url, status, nextAttemptAt, waitingFor, createdAt,
                    exact);
        }
    }
}
