package dev.tributary.ingest;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.tributary.platform.storage.PreparedBatch;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for what Shopify sent, exactly as it came (received_webhooks): stored once per webhook id and
 * instance, the de-duplication key; erased on {@code shop/redact}. The notifications made of a
 * webhook are the delivery package's, recorded in the same transaction.
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

    private static final String ERASE_SHOP = """
            UPDATE received_webhooks SET body = :erased
            WHERE account_id = :accountId AND shop_domain = :shop AND received_at <= :upTo
            """;

    private static final String SELECT_BODIES = """
            SELECT id, body FROM received_webhooks WHERE id IN (:ids)
            """;

    private static final byte[] ERASED = new byte[0];

    private final DataSource dataSource;
    private final JdbcClient jdbc;

    IngestRepository(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /** The statements of one group commit, on the transaction's connection; call inside the transaction. */
    PreparedBatch batch() {
        return PreparedBatch.open(dataSource);
    }

    /** Stores the webhook unless its id was seen for the instance; the new row's id, or empty for a repeat. */
    static Optional<Long> insertReceived(PreparedBatch batch, IncomingWebhook webhook) {
        return Optional.ofNullable(batch.run(INSERT_RECEIVED, "storing a webhook", statement -> {
            statement.setLong(1, webhook.target().accountId());
            statement.setLong(2, webhook.target().instanceId());
            statement.setString(3, webhook.webhookId());
            statement.setString(4, webhook.topic());
            statement.setString(5, webhook.shopDomain());
            PreparedBatch.setNullableLong(statement, 6, webhook.triggeredAt() == null ? null
                    : webhook.triggeredAt().toEpochMilli());
            statement.setLong(7, webhook.receivedAt().toEpochMilli());
            statement.setBytes(8, webhook.body());
            return PreparedBatch.returnedId(statement);
        }));
    }

    /** The stored bodies of these received webhooks, by id. */
    Map<Long, byte[]> bodies(Collection<Long> ids) {
        Map<Long, byte[]> bodies = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql(SELECT_BODIES).param("ids", ids).query(rs -> {
                bodies.put(rs.getLong("id"), rs.getBytes("body"));
            });
        }
        return bodies;
    }

    /** Erases the bodies of the account's webhooks from a shop received up to {@code upTo}. */
    void eraseShop(long accountId, String shopDomain, Instant upTo) {
        jdbc.sql(ERASE_SHOP).param("erased", ERASED).param("accountId", accountId).param("shop", shopDomain)
                .param("upTo", upTo.toEpochMilli()).update();
    }
}
