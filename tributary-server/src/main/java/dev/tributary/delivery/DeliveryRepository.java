package dev.tributary.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import dev.tributary.platform.storage.Dialect;
import dev.tributary.platform.storage.PreparedBatch;
import dev.tributary.platform.storage.RowsInsert;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for claiming deliveries under a lease and recording what became of them. */
@Repository
class DeliveryRepository {

    /**
     * A delivery {@code d} of an object delivered in order waits while another delivery of that
     * object is in flight (under a live lease), or comes before it in Shopify's order and is not
     * delivered yet (pending, or retrying later).
     */
    static final String WAITS = """
            d.order_key IS NOT NULL AND EXISTS (
                SELECT 1 FROM deliveries p
                WHERE p.order_key = d.order_key AND p.status IN ('pending', 'retrying') AND p.id <> d.id
                  AND ((p.order_at, p.order_version, p.id) < (d.order_at, d.order_version, d.id)
                       OR p.lease_until >= :now))
            """;

    /** A delivery newer in Shopify's order than {@code d}, for the same object, delivered already: {@code d} is stale. */
    static final String NEWER_DELIVERED = """
            SELECT 1 FROM deliveries o
            WHERE o.order_key = d.order_key AND o.status = 'delivered'
              AND (o.order_at, o.order_version) > (d.order_at, d.order_version)
            """;

    /**
     * Takes due deliveries no live lease holds and no earlier delivery of their object holds up;
     * {@code %s} is the dialect's SKIP LOCKED or nothing.
     */
    private static final String CLAIM = """
            UPDATE deliveries SET lease_owner = :owner, lease_until = :until
            WHERE id IN (SELECT d.id FROM deliveries d
                         WHERE d.status IN ('pending', 'retrying') AND d.next_attempt_at <= :now
                           AND (d.lease_until IS NULL OR d.lease_until < :now)
                           AND NOT (%s)
                         ORDER BY d.next_attempt_at, d.id
                         LIMIT :limit%s)
            RETURNING id, order_key
            """;

    /**
     * Of deliveries just claimed, those another one of their object now holds up, given back. The
     * claim's own look was its statement's snapshot: on PostgreSQL a claim on another node, or an
     * earlier delivery stored meanwhile, may have committed since; this look, under the objects'
     * locks, sees them.
     */
    private static final String RELEASE_WAITING = """
            UPDATE deliveries AS d SET lease_owner = NULL, lease_until = NULL
            WHERE d.id IN (:ids) AND d.lease_owner = :owner AND (%s)
            RETURNING d.id
            """;

    private static final String SELECT_CLAIMED = """
            SELECT d.id, d.account_id, d.instance_id, d.event_id, d.url, d.attempts, d.retries, d.first_failure_at,
                   d.created_at, d.notification_id, d.in_order, d.order_key, d.drop_stale, n.topic, n.shop_domain,
                   %s, s.status AS subscription_status,
                   CASE WHEN d.order_key IS NOT NULL AND EXISTS (%s) THEN 1 ELSE 0 END AS stale
            FROM deliveries d JOIN notifications n ON n.id = d.notification_id
            LEFT JOIN callback_subscriptions s ON s.account_id = d.account_id AND s.url = d.url
            WHERE d.id IN (:ids) AND d.lease_owner = :owner
            ORDER BY d.next_attempt_at, d.id
            """;

    private static final String RECORDING = "recording delivery attempts";

    /**
     * Settles many deliveries in one statement, a row of values each (named {@code column1}... by
     * both engines). Only the lease holder may settle a delivery: a worker whose lease ran out
     * changes nothing, and the ids answered are those it settled.
     */
    private static final String SETTLE_HEAD = """
            UPDATE deliveries AS d
            SET status = v.column2, attempts = attempts + 1, retries = v.column3, next_attempt_at = v.column4,
                first_failure_at = v.column5, lease_owner = NULL, lease_until = NULL, updated_at = v.column6
            FROM (
            """;
    private static final String SETTLE_ROW = "(?, ?, ?, ?, ?, ?, ?)";
    // RETURNING names the table's own column: SQLite does not take the alias there.
    private static final String SETTLE_TAIL = ") AS v WHERE d.id = v.column1 AND d.lease_owner = v.column7 RETURNING id";

    private static final String RELEASE = """
            UPDATE deliveries SET lease_owner = NULL, lease_until = NULL, next_attempt_at = :notBefore
            WHERE id = :id AND lease_owner = :owner
            """;

    /** Gives deliveries this node holds but will not send back to the claim, due as they were. */
    private static final String RELEASE_LEASES = """
            UPDATE deliveries SET lease_owner = NULL, lease_until = NULL
            WHERE id IN (:ids) AND lease_owner = :owner
            """;

    /** For a delivery claimed while its subscription was being deactivated: queued, no attempt made. */
    private static final String QUEUE_CLAIMED = """
            UPDATE deliveries SET status = 'queued', next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL,
                updated_at = :now
            WHERE id = :id AND lease_owner = :owner
            """;

    private static final String RENEW = """
            UPDATE deliveries SET lease_until = :until WHERE id = :id AND lease_owner = :owner
            """;

    private static final String DEACTIVATE_SUBSCRIPTION = """
            INSERT INTO callback_subscriptions (account_id, url, status, deactivated_at, reason, created_at)
            VALUES (:accountId, :url, 'deactivated', :now, :reason, :now)
            ON CONFLICT (account_id, url) DO UPDATE
            SET status = 'deactivated', deactivated_at = excluded.deactivated_at, reason = excluded.reason
            """;

    private static final String QUEUE_OTHERS_FOR_URL = """
            UPDATE deliveries SET status = 'queued', next_attempt_at = NULL, updated_at = :now
            WHERE account_id = :accountId AND url = :url AND status IN ('pending', 'retrying') AND lease_owner IS NULL
            """;

    /**
     * When the next delivery becomes claimable: due, and not held by a live lease. One waiting for
     * an earlier delivery of its object does not count: that one's settling wakes the claimer.
     */
    private static final String NEXT_DUE = """
            SELECT MIN(CASE WHEN d.lease_until IS NOT NULL AND d.lease_until > d.next_attempt_at THEN d.lease_until
                            ELSE d.next_attempt_at END)
            FROM deliveries d WHERE d.status IN ('pending', 'retrying') AND NOT (%s)
            """.formatted(WAITS);

    /** A stale delivery whose instance drops them: cancelled unsent. */
    private static final String CANCEL_STALE = """
            UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL,
                updated_at = :now
            WHERE id = :id AND lease_owner = :owner
            """;

    private static final String COUNT_BY_STATUS = """
            SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM deliveries
            WHERE status IN ('pending', 'retrying', 'queued') GROUP BY status
            """;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final StoredBodies bodies;
    private final String claim;
    private final String releaseWaiting;
    private final String transactionLock;
    private final RowsInsert attempts;
    private final RowsInsert settles;

    DeliveryRepository(DataSource dataSource, JdbcClient jdbc, StoredBodies bodies, Dialect dialect) {
        this.attempts = new RowsInsert("INSERT INTO delivery_attempts (delivery_id, attempted_at, status_code, error,"
                + " duration_ms)", "(?, ?, ?, ?, ?)", "", RECORDING, dialect);
        this.settles = new RowsInsert(SETTLE_HEAD, SETTLE_ROW, SETTLE_TAIL, RECORDING, dialect);
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.bodies = bodies;
        this.claim = CLAIM.formatted(WAITS, dialect.skipLocked());
        this.releaseWaiting = RELEASE_WAITING.formatted(WAITS);
        this.transactionLock = dialect.transactionLock();
    }

    /** Takes up to {@code limit} due deliveries under {@code owner}'s lease; call inside a transaction. */
    List<Long> claim(String owner, Instant now, Instant until, int limit) {
        List<Long> ids = new ArrayList<>();
        Set<String> objects = new HashSet<>();
        jdbc.sql(claim)
                .param("owner", owner)
                .param("until", until.toEpochMilli())
                .param("now", now.toEpochMilli())
                .param("limit", limit)
                .query(rows -> {
                    ids.add(rows.getLong("id"));
                    String key = rows.getString("order_key");
                    if (key != null) {
                        objects.add(key);
                    }
                });
        if (transactionLock == null || objects.isEmpty()) {
            return ids;
        }
        try (PreparedBatch statements = PreparedBatch.open(dataSource)) {
            ObjectLocks.lock(statements, transactionLock, objects);
        }
        List<Long> waiting = jdbc.sql(releaseWaiting)
                .param("ids", ids)
                .param("owner", owner)
                .param("now", now.toEpochMilli())
                .query(Long.class)
                .list();
        ids.removeAll(new HashSet<>(waiting));
        return ids;
    }

    List<ClaimedDelivery> findClaimed(List<Long> ids, String owner) {
        List<StoredBodies.Stored> stored = new ArrayList<>();
        List<ClaimedDelivery> claimed = jdbc.sql(SELECT_CLAIMED.formatted(StoredBodies.COLUMNS, NEWER_DELIVERED))
                .param("ids", ids)
                .param("owner", owner)
                .query((rs, n) -> {
                    long firstFailureMillis = rs.getLong("first_failure_at");
                    // wasNull speaks of the last column read, so ask it here and not further down.
                    Instant firstFailure = rs.wasNull() ? null : Instant.ofEpochMilli(firstFailureMillis);
                    stored.add(StoredBodies.read(rs));
                    return new ClaimedDelivery(rs.getLong("id"), rs.getLong("account_id"), rs.getLong("instance_id"),
                            rs.getString("event_id"), rs.getString("url"), rs.getInt("attempts"), rs.getInt("retries"),
                            firstFailure,
                            Instant.ofEpochMilli(rs.getLong("created_at")), rs.getLong("notification_id"),
                            rs.getInt("in_order") == 1, "deactivated".equals(rs.getString("subscription_status")),
                            rs.getString("topic"), rs.getString("shop_domain"), rs.getString("order_key"),
                            rs.getInt("stale") == 1, rs.getInt("drop_stale") == 1, null);
                })
                .list();
        List<byte[]> exact = bodies.assemble(stored);
        List<ClaimedDelivery> withBodies = new ArrayList<>(claimed.size());
        for (int i = 0; i < claimed.size(); i++) {
            withBodies.add(claimed.get(i).withBody(exact.get(i)));
        }
        return withBodies;
    }

    /**
     * Statements for recording attempts, as many rows per statement as the dialect takes (on
     * PostgreSQL a group commit's outcomes are two round trips, not two per delivery); call inside
     * the transaction.
     */
    Outcomes outcomes() {
        return new Outcomes(PreparedBatch.open(dataSource), attempts, settles);
    }

    /** One attempt's record and the state it leaves its delivery in. */
    record Outcome(long deliveryId, Instant attemptedAt, Integer statusCode, String error, long durationMs,
            DeliveryDecision.Next next, Instant now) {
    }

    /** Records attempts and settles deliveries on the current transaction's connection. */
    static final class Outcomes implements AutoCloseable {

        private final PreparedBatch statements;
        private final RowsInsert attempts;
        private final RowsInsert settles;

        private Outcomes(PreparedBatch statements, RowsInsert attempts, RowsInsert settles) {
            this.statements = statements;
            this.attempts = attempts;
            this.settles = settles;
        }

        /** Records the attempts and settles their deliveries; the ids settled (still held by {@code owner}). */
        Set<Long> record(List<Outcome> outcomes, String owner) {
            statements.insertRows(attempts, outcomes, (statement, at, outcome) -> {
                statement.setLong(at + 1, outcome.deliveryId());
                statement.setLong(at + 2, outcome.attemptedAt().toEpochMilli());
                PreparedBatch.setNullableLong(statement, at + 3,
                        outcome.statusCode() == null ? null : outcome.statusCode().longValue());
                statement.setString(at + 4, outcome.error());
                statement.setLong(at + 5, outcome.durationMs());
            }, null);
            Set<Long> settled = new HashSet<>();
            statements.insertRows(settles, outcomes, (statement, at, outcome) -> {
                DeliveryDecision.Next next = outcome.next();
                statement.setLong(at + 1, outcome.deliveryId());
                statement.setString(at + 2, next.status());
                statement.setInt(at + 3, next.retriesSpent());
                PreparedBatch.setNullableLong(statement, at + 4,
                        next.nextAttemptAt() == null ? null : next.nextAttemptAt().toEpochMilli());
                PreparedBatch.setNullableLong(statement, at + 5,
                        next.firstFailureAt() == null ? null : next.firstFailureAt().toEpochMilli());
                statement.setLong(at + 6, outcome.now().toEpochMilli());
                statement.setString(at + 7, owner);
            }, row -> settled.add(row.getLong(1)));
            return settled;
        }

        @Override
        public void close() {
            statements.close();
        }
    }

    /** Hands a claimed delivery back, due again at {@code notBefore}; no attempt is counted. */
    void release(long id, String owner, Instant notBefore) {
        jdbc.sql(RELEASE).param("id", id).param("owner", owner).param("notBefore", notBefore.toEpochMilli()).update();
    }

    void releaseLeases(List<Long> ids, String owner) {
        if (!ids.isEmpty()) {
            jdbc.sql(RELEASE_LEASES).param("ids", ids).param("owner", owner).update();
        }
    }

    void cancelStale(long id, String owner, Instant now) {
        jdbc.sql(CANCEL_STALE).param("id", id).param("owner", owner).param("now", now.toEpochMilli()).update();
    }

    void queueClaimed(long id, String owner, Instant now) {
        jdbc.sql(QUEUE_CLAIMED).param("id", id).param("owner", owner).param("now", now.toEpochMilli()).update();
    }

    /** Extends this node's lease; false when another worker holds the delivery now. */
    boolean renewLease(long id, String owner, Instant until) {
        return jdbc.sql(RENEW).param("id", id).param("owner", owner).param("until", until.toEpochMilli()).update() == 1;
    }

    /** Deactivates the account's subscription for a URL and queues what was waiting for it. */
    void deactivate(long accountId, String url, String reason, Instant now) {
        jdbc.sql(DEACTIVATE_SUBSCRIPTION).param("accountId", accountId).param("url", url).param("reason", reason)
                .param("now", now.toEpochMilli()).update();
        jdbc.sql(QUEUE_OTHERS_FOR_URL).param("accountId", accountId).param("url", url).param("now", now.toEpochMilli())
                .update();
    }

    /** The earliest moment a delivery becomes claimable, or null when nothing waits. */
    Instant nextDue(Instant now) {
        List<Instant> next = jdbc.sql(NEXT_DUE).param("now", now.toEpochMilli()).query((rs, n) -> {
            long at = rs.getLong(1);
            return rs.wasNull() ? null : Instant.ofEpochMilli(at);
        }).list();
        return next.isEmpty() ? null : next.get(0);
    }

    /** Status to (count, oldest created_at) for deliveries not yet done. */
    java.util.Map<String, long[]> backlog() {
        java.util.Map<String, long[]> backlog = new java.util.HashMap<>();
        jdbc.sql(COUNT_BY_STATUS).query(rs -> {
            backlog.put(rs.getString("status"), new long[] {rs.getLong("n"), rs.getLong("oldest")});
        });
        return backlog;
    }

    /**
     * A delivery held under this node's lease, with the notification's bytes.
     *
     * @param inOrder   a redelivery: sent after the earlier ones to its callback URL
     * @param orderKey  its object, when delivered in order per object; else null
     * @param stale     a newer notification about its object was delivered before it
     * @param dropStale its instance drops stale notifications rather than flag them
     */
    record ClaimedDelivery(long id, long accountId, long instanceId, String eventId, String url, int attempts,
            int retries, Instant firstFailureAt, Instant createdAt, long notificationId, boolean inOrder,
            boolean subscriptionDeactivated, String topic, String shopDomain, String orderKey, boolean stale,
            boolean dropStale, byte[] body) {

        ClaimedDelivery withBody(byte[] exact) {
            return new ClaimedDelivery(id, accountId, instanceId, eventId, url, attempts, retries, firstFailureAt,
                    createdAt, notificationId, inOrder, subscriptionDeactivated, topic, shopDomain, orderKey, stale,
                    dropStale, exact);
        }
    }
}
