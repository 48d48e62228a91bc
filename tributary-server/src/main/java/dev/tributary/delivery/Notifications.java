package dev.tributary.delivery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import dev.tributary.events.NotificationBody;
import dev.tributary.platform.storage.Dialect;
import dev.tributary.platform.storage.PreparedBatch;
import dev.tributary.platform.storage.RowsInsert;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbox every source writes through: a notification, its delivery row (due now, or queued
 * when the account's subscription for the callback is deactivated) and the subscription itself,
 * all inside the caller's transaction, so a source's own change and the notifications it causes
 * commit together. A writer that reports its commits may have the deliveries handed straight to
 * this node's senders ({@link #batch(Handoffs)}). Also the read side of notifications: an instance's events, and erasing a
 * shop's payloads. The only code that touches the notifications, deliveries and
 * callback_subscriptions tables for a source.
 */
@Component
public class Notifications {

    private static final String DELIVERY_COLUMNS = """
            INSERT INTO deliveries (account_id, instance_id, notification_id, event_id, channel, url, status,
                                    attempts, next_attempt_at, created_at, updated_at, lease_owner, lease_until,
                                    order_key, order_at, order_version, drop_stale)
            """;
    private static final String DELIVERY_ROW = "(?, ?, ?, ?, 'webhook', ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Which of these objects have a delivery waiting or in flight: a new one is not handed over but queues behind. */
    private static final String BUSY_OBJECTS = """
            SELECT DISTINCT order_key FROM deliveries WHERE status IN ('pending', 'retrying') AND order_key IN (%s)
            """;

    /** Which of these deliveries come after a newer one for their object was delivered. */
    private static final String STALE_DELIVERIES = """
            SELECT d.id FROM deliveries d WHERE d.id IN (%s) AND EXISTS (%s)
            """.formatted("%s", DeliveryRepository.NEWER_DELIVERED);

    /** The most values one IN list of the statements above takes; fewer are padded to a power of two. */
    private static final int IN_LIST = 64;

    private static final String SELECT_SUBSCRIPTION_STATUS = """
            SELECT status FROM callback_subscriptions WHERE account_id = ? AND url = ?
            """;

    private static final String INSERT_SUBSCRIPTION = """
            INSERT INTO callback_subscriptions (account_id, url, status, created_at)
            VALUES (?, ?, 'active', ?)
            ON CONFLICT (account_id, url) DO NOTHING
            """;

    private static final String INSERT_VERSION = """
            INSERT INTO object_versions (instance_id, object_type, object_id, version, source)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """;

    private static final String SELECT_VERSION_SOURCE = """
            SELECT source FROM object_versions
            WHERE instance_id = ? AND object_type = ? AND object_id = ? AND version = ?
            """;

    private static final String SELECT_EVENTS = """
            SELECT id, event_id, source, topic, object_type, object_id, event_type, created_at FROM notifications
            WHERE account_id = :accountId AND instance_id = :instanceId AND id < :beforeId
              AND created_at >= :from AND created_at <= :to%s
            ORDER BY id DESC
            LIMIT :limit
            """;

    /** What a redaction erases: the shop's notifications up to the request, never the redact requests themselves. */
    private static final String ERASE_SHOP = """
            UPDATE notifications SET body = :erased, raw_offset = NULL
            WHERE account_id = :accountId AND shop_domain = :shop AND created_at <= :upTo AND topic <> 'shop/redact'%s
            """;

    /**
     * Notifications an erasure keeps whose stored envelope references a received body it erases: a
     * redact request's own, and (with {@code %s}) those still to be delivered.
     */
    private static final String KEPT_ENVELOPES = """
            SELECT n.id, n.body, n.raw_offset, n.received_webhook_id FROM notifications n
            WHERE n.account_id = :accountId AND n.shop_domain = :shop AND n.created_at <= :upTo
              AND n.raw_offset IS NOT NULL AND (n.topic = 'shop/redact'%s)
            """;

    private static final String OR_STILL_TO_DELIVER = """
             OR n.id IN (SELECT notification_id FROM deliveries
                         WHERE account_id = :accountId AND status IN ('pending', 'retrying', 'queued'))
            """;

    private static final String STORE_WHOLE = """
            UPDATE notifications SET body = :body, raw_offset = NULL WHERE id = :id
            """;

    private static final String STILL_TO_DELIVER = """
             AND id NOT IN (SELECT notification_id FROM deliveries
                            WHERE account_id = :accountId AND status IN ('pending', 'retrying', 'queued'))
            """;

    private static final String RECORDING = "recording a notification";
    private static final String WEBHOOK = "webhook";

    static final byte[] ERASED = "{\"message\":{\"redacted\":true}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Handoff handoff;
    private final DeliveryRepository deliveries;
    private final DeliverySignal signal;
    private final StoredBodies bodies;
    private final Inserts inserts;
    /** Null on SQLite: see {@link Dialect#transactionLock()}. */
    private final String transactionLock;

    Notifications(DataSource dataSource, JdbcClient jdbc, Handoff handoff, DeliveryRepository deliveries,
            DeliverySignal signal, StoredBodies bodies, Dialect dialect) {
        this.inserts = new Inserts(dialect);
        this.transactionLock = dialect.transactionLock();
        this.bodies = bodies;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.handoff = handoff;
        this.deliveries = deliveries;
        this.signal = signal;
    }

    /**
     * Statements for recording many notifications in the caller's transaction, each prepared once:
     * the webhook writer's group commit records hundreds per transaction, where preparing SQL
     * would cost more than the inserts.
     */
    public Batch batch() {
        return new Batch(PreparedBatch.open(dataSource), inserts, null, transactionLock, signal);
    }

    /**
     * Like {@link #batch()}, but the deliveries it writes go straight to this node's senders once
     * the caller reports the commit through {@code handoffs}, instead of waiting for a claim
     * through the table.
     */
    public Batch batch(Handoffs handoffs) {
        return new Batch(PreparedBatch.open(dataSource), inserts, handoffs, transactionLock, signal);
    }

    /** A new collector of deliveries to hand over, for one transaction. */
    public Handoffs handoffs() {
        return new Handoffs();
    }

    /**
     * The deliveries one transaction wrote for this node's senders. Report its end: {@link #committed()}
     * after the commit, {@link #abandoned()} when it rolled back.
     */
    public final class Handoffs {

        private final List<DeliveryRepository.ClaimedDelivery> written = new ArrayList<>();
        private int reserved;
        private boolean throughTable;

        private Handoffs() {
        }

        private Handoff handoff() {
            return handoff;
        }

        private boolean reserve() {
            if (handoff.reserve()) {
                reserved++;
                return true;
            }
            throughTable();
            return false;
        }

        /** A delivery this transaction wrote goes through the table's claim: after the commit, the claimer looks. */
        private void throughTable() {
            throughTable = true;
        }

        /** The transaction committed: its deliveries may be sent now. */
        public void committed() {
            if (!written.isEmpty() && !handoff.handOver(List.copyOf(written))) {
                deliveries.releaseLeases(written.stream().map(DeliveryRepository.ClaimedDelivery::id).toList(),
                        handoff.owner());
                throughTable = true;
            }
            handoff.unreserve(reserved - written.size());
            reserved = 0;
            written.clear();
            if (throughTable) {
                signal.wake();
            } else {
                signal.nudge();
            }
            throughTable = false;
        }

        /** The transaction rolled back: nothing it wrote exists. */
        public void abandoned() {
            handoff.unreserve(reserved);
            reserved = 0;
            written.clear();
            throughTable = false;
        }
    }

    /** Records one notification in the caller's transaction; its event id. */
    public String record(Notification notification) {
        try (Batch batch = batch()) {
            batch.record(List.of(notification));
        }
        return notification.body().eventId();
    }

    /** The outbox's inserts, written for as many rows per statement as the dialect takes. */
    private record Inserts(RowsInsert notifications, RowsInsert deliveries, RowsInsert leasedDeliveries) {

        Inserts(Dialect dialect) {
            this(new RowsInsert("""
                    INSERT INTO notifications (account_id, instance_id, event_id, received_webhook_id, source, topic,
                                               object_type, object_id, event_type, created_at, body, shop_domain,
                                               raw_offset)
                    """, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "RETURNING id, event_id", RECORDING, dialect),
                    new RowsInsert(DELIVERY_COLUMNS, DELIVERY_ROW, "", RECORDING, dialect),
                    // Written already leased to this node, to be handed to its senders after the commit.
                    new RowsInsert(DELIVERY_COLUMNS, DELIVERY_ROW, "RETURNING id, notification_id", RECORDING, dialect));
        }
    }

    /** One page of an instance's events, newest first; the filters may be null. */
    public List<Map<String, Object>> events(long accountId, long instanceId, EventFilter filter, long beforeId, int limit) {
        String conditions = (filter.objectType() == null ? "" : " AND object_type = :objectType")
                + (filter.eventType() == null ? "" : " AND event_type = :eventType");
        JdbcClient.StatementSpec statement = jdbc.sql(SELECT_EVENTS.formatted(conditions));
        if (filter.objectType() != null) {
            statement = statement.param("objectType", filter.objectType());
        }
        if (filter.eventType() != null) {
            statement = statement.param("eventType", filter.eventType());
        }
        return statement.param("accountId", accountId).param("instanceId", instanceId)
                .param("beforeId", beforeId == 0 ? Long.MAX_VALUE : beforeId)
                .param("from", filter.from() == null ? Long.MIN_VALUE : filter.from().toEpochMilli())
                .param("to", filter.to() == null ? Long.MAX_VALUE : filter.to().toEpochMilli())
                .param("limit", limit)
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
    }

    /** Which of an instance's events to list. */
    public record EventFilter(String objectType, String eventType, Instant from, Instant to) {
    }

    /**
     * Erases the account's notifications of a shop made up to {@code upTo} (redact requests
     * excepted); with {@code spareUndelivered}, those still to be delivered stay. Call inside a transaction.
     */
    public void eraseShop(long accountId, String shopDomain, Instant upTo, boolean spareUndelivered) {
        // What is kept must not depend on the received bodies the caller erases next: store it whole first.
        List<Long> ids = new ArrayList<>();
        List<StoredBodies.Stored> kept = new ArrayList<>();
        jdbc.sql(KEPT_ENVELOPES.formatted(spareUndelivered ? OR_STILL_TO_DELIVER : "")).param("accountId", accountId)
                .param("shop", shopDomain).param("upTo", upTo.toEpochMilli()).query(rs -> {
                    ids.add(rs.getLong("id"));
                    kept.add(StoredBodies.read(rs));
                });
        List<byte[]> whole = bodies.assemble(kept);
        for (int i = 0; i < ids.size(); i++) {
            jdbc.sql(STORE_WHOLE).param("body", whole.get(i)).param("id", ids.get(i)).update();
        }
        jdbc.sql(ERASE_SHOP.formatted(spareUndelivered ? STILL_TO_DELIVER : "")).param("erased", ERASED)
                .param("accountId", accountId).param("shop", shopDomain).param("upTo", upTo.toEpochMilli()).update();
    }

    /** The statements of one transaction, on its connection. */
    public static final class Batch implements AutoCloseable {

        private final PreparedBatch statements;
        private final Inserts inserts;
        /**
         * Per account and callback URL: whether its subscription is deactivated, looked up once per
         * batch. A deactivation committed meanwhile is still honoured: a delivery claimed for a
         * deactivated subscription is queued unsent.
         */
        private final Map<String, Boolean> deactivated = new HashMap<>();
        private final Handoffs handoffs;
        private final String transactionLock;
        private final DeliverySignal signal;

        private Batch(PreparedBatch statements, Inserts inserts, Handoffs handoffs, String transactionLock,
                DeliverySignal signal) {
            this.statements = statements;
            this.inserts = inserts;
            this.handoffs = handoffs;
            this.transactionLock = transactionLock;
            this.signal = signal;
        }

        /** Writes the notifications and, for those with a callback, their deliveries (and subscriptions if new). */
        public void record(List<Notification> notifications) {
            if (notifications.isEmpty()) {
                return;
            }
            Map<String, Long> ids = new HashMap<>();
            statements.insertRows(inserts.notifications(), notifications, Batch::bindNotification,
                    row -> ids.put(row.getString("event_id"), row.getLong("id")));
            List<Written> due = new ArrayList<>();
            List<Written> queued = new ArrayList<>();
            List<Written> leased = new ArrayList<>();
            Set<String> waiting = handoffs == null ? Set.of() : objectsWaiting(notifications);
            for (Notification notification : notifications) {
                String url = notification.callbackUrl();
                if (url == null) {
                    continue;
                }
                Written written = new Written(notification, ids.get(notification.body().eventId()));
                if (isDeactivated(notification.accountId(), url, notification.createdAt().toEpochMilli())) {
                    queued.add(written);
                } else if (handoffs != null && (notification.order() == null
                        || !waiting.contains(notification.order().key())) && handoffs.reserve()) {
                    leased.add(written);
                } else {
                    if (handoffs != null) {
                        // Its object's turn may come before the commit (the one before it settled on
                        // another node): the claimer looks in the table after the commit, not a poll later.
                        handoffs.throughTable();
                    }
                    due.add(written);
                }
            }
            statements.insertRows(inserts.deliveries(), due, (statement, at, written) ->
                    bindDelivery(statement, at, written, "pending", null, null), null);
            if (due.stream().anyMatch(written -> written.notification().order() != null)) {
                signal.orderedWaitingEverywhere();
            }
            statements.insertRows(inserts.deliveries(), queued, (statement, at, written) ->
                    bindDelivery(statement, at, written, "queued", null, null), null);
            if (!leased.isEmpty()) {
                recordLeased(leased);
            }
        }

        /**
         * The objects among these notifications' whose deliveries must go through the table's
         * claim, which keeps their order, rather than be handed over: those with a delivery waiting
         * or in flight, and those with more than one notification here. On PostgreSQL each object
         * is locked until the commit, so two nodes storing webhooks about one object at once do
         * not both hand theirs over.
         */
        private Set<String> objectsWaiting(List<Notification> notifications) {
            Map<String, Integer> counts = new HashMap<>();
            for (Notification notification : notifications) {
                if (notification.order() != null && notification.callbackUrl() != null) {
                    counts.merge(notification.order().key(), 1, Integer::sum);
                }
            }
            if (counts.isEmpty()) {
                return Set.of();
            }
            Set<String> waiting = new HashSet<>();
            counts.forEach((key, count) -> {
                if (count > 1) {
                    waiting.add(key);
                }
            });
            List<String> keys = new ArrayList<>(counts.keySet());
            ObjectLocks.lock(statements, transactionLock, keys);
            selectIn(BUSY_OBJECTS, keys, PreparedStatement::setString, rows -> waiting.add(rows.getString(1)));
            return waiting;
        }

        /**
         * Runs {@code sql} with its {@code %s} an IN list of {@code values}, at most {@value #IN_LIST}
         * a statement, padded to a power of two (the last value repeated) so few distinct statements
         * are prepared; {@code reader} sees each row.
         */
        private <T> void selectIn(String sql, List<T> values, ValueBinder<T> binder, PreparedBatch.RowReader reader) {
            for (int from = 0; from < values.size(); from += IN_LIST) {
                List<T> chunk = values.subList(from, Math.min(values.size(), from + IN_LIST));
                int size = Integer.highestOneBit(chunk.size());
                size = size == chunk.size() ? size : size * 2;
                String list = String.join(", ", java.util.Collections.nCopies(size, "?"));
                int width = size;
                statements.run(sql.formatted(list), RECORDING, statement -> {
                    for (int i = 0; i < width; i++) {
                        binder.bind(statement, i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            reader.read(rows);
                        }
                    }
                    return null;
                });
            }
        }

        private interface ValueBinder<T> {
            void bind(PreparedStatement statement, int index, T value) throws SQLException;
        }

        /** A notification and the id its row was given. */
        private record Written(Notification notification, long id) {
        }

        private static void bindNotification(PreparedStatement statement, int at, Notification notification)
                throws SQLException {
            NotificationBody.Notification body = notification.body();
            NotificationBody.Event first = body.events().get(0);
            statement.setLong(at + 1, notification.accountId());
            statement.setLong(at + 2, notification.instanceId());
            statement.setString(at + 3, body.eventId());
            PreparedBatch.setNullableLong(statement, at + 4, notification.receivedWebhookId());
            statement.setString(at + 5, notification.source());
            statement.setString(at + 6, notification.topic());
            statement.setString(at + 7, first.objectType());
            statement.setString(at + 8, first.objectId());
            statement.setString(at + 9, first.eventType());
            statement.setLong(at + 10, notification.createdAt().toEpochMilli());
            // Made of a received webhook it embeds byte for byte: that stored body is not written twice.
            boolean envelopeOnly = notification.receivedWebhookId() != null && body.embedsRaw();
            statement.setBytes(at + 11, envelopeOnly ? body.envelope() : body.body());
            statement.setString(at + 12, notification.shopDomain());
            PreparedBatch.setNullableLong(statement, at + 13, envelopeOnly ? (long) body.rawOffset() : null);
        }

        /** A delivery's row; {@code leaseOwner} null for one not leased. */
        private static void bindDelivery(PreparedStatement statement, int at, Written written, String status,
                String leaseOwner, Long leaseUntil) throws SQLException {
            Notification notification = written.notification();
            long createdAt = notification.createdAt().toEpochMilli();
            statement.setLong(at + 1, notification.accountId());
            statement.setLong(at + 2, notification.instanceId());
            statement.setLong(at + 3, written.id());
            statement.setString(at + 4, notification.body().eventId());
            statement.setString(at + 5, notification.callbackUrl());
            statement.setString(at + 6, status);
            PreparedBatch.setNullableLong(statement, at + 7, status.equals("pending") ? createdAt : null);
            statement.setLong(at + 8, createdAt);
            statement.setLong(at + 9, createdAt);
            statement.setString(at + 10, leaseOwner);
            PreparedBatch.setNullableLong(statement, at + 11, leaseUntil);
            DeliveryOrder order = notification.order();
            statement.setString(at + 12, order == null ? null : order.key());
            PreparedBatch.setNullableLong(statement, at + 13, order == null ? null : order.at());
            PreparedBatch.setNullableLong(statement, at + 14, order == null ? null : order.version());
            statement.setInt(at + 15, order != null && order.dropStale() ? 1 : 0);
        }

        private void recordLeased(List<Written> leased) {
            Handoff handoff = handoffs.handoff();
            Map<Long, Long> deliveryIds = new HashMap<>();
            statements.insertRows(inserts.leasedDeliveries(), leased, (statement, at, written) ->
                    bindDelivery(statement, at, written, "pending", handoff.owner(),
                            written.notification().createdAt().toEpochMilli() + handoff.lease().toMillis()),
                    row -> deliveryIds.put(row.getLong("notification_id"), row.getLong("id")));
            List<Long> ordered = new ArrayList<>();
            for (Written written : leased) {
                if (written.notification().order() != null) {
                    ordered.add(deliveryIds.get(written.id()));
                }
            }
            Set<Long> stale = new HashSet<>();
            selectIn(STALE_DELIVERIES, ordered, PreparedStatement::setLong, rows -> stale.add(rows.getLong(1)));
            for (Written written : leased) {
                Notification notification = written.notification();
                NotificationBody.Notification body = notification.body();
                long id = deliveryIds.get(written.id());
                DeliveryOrder order = notification.order();
                handoffs.written.add(new DeliveryRepository.ClaimedDelivery(id,
                        notification.accountId(), notification.instanceId(), body.eventId(),
                        notification.callbackUrl(), 0, 0, null, notification.createdAt(), written.id(), false, false,
                        notification.topic(), notification.shopDomain(), order == null ? null : order.key(),
                        stale.contains(id), order != null && order.dropStale(), body.body()));
            }
        }

        /**
         * Claims object versions for their sources and answers the claims whose notifications may be
         * recorded: a version nobody delivered yet, and for a webhook also one only webhooks
         * delivered (two webhooks of one version, {@code orders/updated} and {@code orders/paid}, are
         * two events); not a version the reconciliation sweep sent, and for the sweep nothing
         * delivered before. A unique row per version settles a webhook and a sweep racing on one.
         * Claims are made in key order, so two transactions claiming overlapping versions wait for
         * each other instead of deadlocking (PostgreSQL); record the notifications after claiming.
         */
        public Set<VersionClaim> claim(Collection<VersionClaim> claims) {
            if (claims.isEmpty()) {
                // Most webhook batches: nothing to claim, nothing to allocate.
                return Set.of();
            }
            List<VersionClaim> ordered = new ArrayList<>(new TreeSet<>(claims));
            Set<VersionClaim> granted = new HashSet<>();
            for (VersionClaim claim : ordered) {
                int inserted = statements.run(INSERT_VERSION, RECORDING, statement -> {
                    bindVersion(statement, claim);
                    statement.setString(5, claim.source());
                    return statement.executeUpdate();
                });
                if (inserted == 1 || claim.source().equals(WEBHOOK) && WEBHOOK.equals(firstSource(claim))) {
                    granted.add(claim);
                }
            }
            return granted;
        }

        private String firstSource(VersionClaim claim) {
            return statements.run(SELECT_VERSION_SOURCE, RECORDING, statement -> {
                bindVersion(statement, claim);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            });
        }

        private static void bindVersion(PreparedStatement statement, VersionClaim claim)
                throws SQLException {
            statement.setLong(1, claim.instanceId());
            statement.setString(2, claim.version().objectType());
            statement.setString(3, claim.version().objectId());
            statement.setLong(4, claim.version().version());
        }

        /** Whether the account's subscription for this callback URL was deactivated; creates it active if new. */
        private boolean isDeactivated(long accountId, String url, long now) {
            return deactivated.computeIfAbsent(accountId + " " + url, key -> {
                String status = statements.run(SELECT_SUBSCRIPTION_STATUS, RECORDING, statement -> {
                    statement.setLong(1, accountId);
                    statement.setString(2, url);
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next() ? rows.getString(1) : null;
                    }
                });
                if (status == null) {
                    statements.run(INSERT_SUBSCRIPTION, RECORDING, statement -> {
                        statement.setLong(1, accountId);
                        statement.setString(2, url);
                        statement.setLong(3, now);
                        return statement.executeUpdate();
                    });
                    return false;
                }
                return status.equals("deactivated");
            });
        }

        @Override
        public void close() {
            statements.close();
        }
    }
}
