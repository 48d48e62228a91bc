package dev.tributary.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.tributary.events.NotificationBody;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

/**
 * SQL for storing received webhooks with their notifications and deliveries. The writer stores a
 * whole group commit through one {@link Batch}, which prepares each statement once for the batch
 * rather than once per webhook: on the hot path, parsing and preparing SQL cost more than the
 * inserts themselves.
 */
@Repository
class IngestRepository {

    private static final String INSERT_RECEIVED = """
            INSERT INTO received_webhooks (account_id, instance_id, webhook_id, topic, shop_domain, triggered_at,
                                           received_at, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (instance_id, webhook_id) DO NOTHING
            RETURNING id
            """;

    private static final String INSERT_NOTIFICATION = """
            INSERT INTO notifications (account_id, instance_id, event_id, received_webhook_id, source, topic,
                                       object_type, object_id, event_type, created_at, body)
            VALUES (?, ?, ?, ?, 'webhook', ?, ?, ?, ?, ?, ?)
            RETURNING id
            """;

    private static final String INSERT_DELIVERY = """
            INSERT INTO deliveries (account_id, instance_id, notification_id, event_id, channel, url, status,
                                    attempts, next_attempt_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'webhook', ?, ?, 0, ?, ?, ?)
            """;

    private static final String SELECT_SUBSCRIPTION_STATUS = """
            SELECT status FROM callback_subscriptions WHERE account_id = ? AND url = ?
            """;

    private static final String INSERT_SUBSCRIPTION = """
            INSERT INTO callback_subscriptions (account_id, url, status, created_at)
            VALUES (?, ?, 'active', ?)
            ON CONFLICT (account_id, url) DO NOTHING
            """;

    private final DataSource dataSource;

    IngestRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The statements of one group commit, on the transaction's connection; call inside the transaction. */
    Batch batch() {
        return new Batch(DataSourceUtils.getConnection(dataSource));
    }

    final class Batch implements AutoCloseable {

        private final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();
        /** Per account and callback URL; one look-up per batch is enough, see {@link #isDeactivated}. */
        private final Map<String, Boolean> deactivated = new HashMap<>();

        private Batch(Connection connection) {
            this.connection = connection;
        }

        /** Stores the webhook unless its id was seen for the instance; the new row's id, or empty for a repeat. */
        Optional<Long> insertReceived(IncomingWebhook webhook) {
            return run(INSERT_RECEIVED, statement -> {
                statement.setLong(1, webhook.target().accountId());
                statement.setLong(2, webhook.target().instanceId());
                statement.setString(3, webhook.webhookId());
                statement.setString(4, webhook.topic());
                statement.setString(5, webhook.shopDomain());
                setNullableLong(statement, 6, webhook.triggeredAt() == null ? null : webhook.triggeredAt().toEpochMilli());
                statement.setLong(7, webhook.receivedAt().toEpochMilli());
                statement.setBytes(8, webhook.body());
                return returnedId(statement);
            });
        }

        long insertNotification(IncomingWebhook webhook, long receivedId, NotificationBody.Notification notification) {
            NotificationBody.Event first = notification.events().get(0);
            return run(INSERT_NOTIFICATION, statement -> {
                statement.setLong(1, webhook.target().accountId());
                statement.setLong(2, webhook.target().instanceId());
                statement.setString(3, notification.eventId());
                statement.setLong(4, receivedId);
                statement.setString(5, webhook.topic());
                statement.setString(6, first.objectType());
                statement.setString(7, first.objectId());
                statement.setString(8, first.eventType());
                statement.setLong(9, webhook.receivedAt().toEpochMilli());
                statement.setBytes(10, notification.body());
                return returnedId(statement).orElseThrow();
            });
        }

        void insertDelivery(IncomingWebhook webhook, long notificationId, String eventId, String status) {
            long now = webhook.receivedAt().toEpochMilli();
            run(INSERT_DELIVERY, statement -> {
                statement.setLong(1, webhook.target().accountId());
                statement.setLong(2, webhook.target().instanceId());
                statement.setLong(3, notificationId);
                statement.setString(4, eventId);
                statement.setString(5, webhook.target().callbackUrl());
                statement.setString(6, status);
                setNullableLong(statement, 7, status.equals("pending") ? now : null);
                statement.setLong(8, now);
                statement.setLong(9, now);
                return statement.executeUpdate();
            });
        }

        /**
         * Whether the account's subscription for this callback URL was deactivated; creates it active if
         * new. Remembered for the rest of the batch: a deactivation committed meanwhile by the delivery
         * worker is still honoured, since a delivery claimed for a deactivated subscription is queued unsent.
         */
        boolean isDeactivated(long accountId, String url, long now) {
            return deactivated.computeIfAbsent(accountId + " " + url, key -> {
                Optional<String> status = run(SELECT_SUBSCRIPTION_STATUS, statement -> {
                    statement.setLong(1, accountId);
                    statement.setString(2, url);
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                    }
                });
                if (status.isEmpty()) {
                    run(INSERT_SUBSCRIPTION, statement -> {
                        statement.setLong(1, accountId);
                        statement.setString(2, url);
                        statement.setLong(3, now);
                        return statement.executeUpdate();
                    });
                    return false;
                }
                return status.get().equals("deactivated");
            });
        }

        @Override
        public void close() {
            for (PreparedStatement statement : statements.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    // closing; the transaction's outcome is what matters
                }
            }
            DataSourceUtils.releaseConnection(connection, dataSource);
        }

        private <T> T run(String sql, StatementWork<T> work) {
            try {
                PreparedStatement statement = statements.get(sql);
                if (statement == null) {
                    statement = connection.prepareStatement(sql);
                    statements.put(sql, statement);
                }
                return work.apply(statement);
            } catch (SQLException e) {
                throw new UncategorizedSQLException("storing a webhook", sql, e);
            }
        }
    }

    @FunctionalInterface
    private interface StatementWork<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    private static Optional<Long> returnedId(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
        }
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
