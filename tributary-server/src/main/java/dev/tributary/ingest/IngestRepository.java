package dev.tributary.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

import javax.sql.DataSource;

import dev.tributary.platform.storage.Dialect;
import dev.tributary.platform.storage.PreparedBatch;
import dev.tributary.platform.storage.RowsInsert;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for what Shopify sent, exactly as it came (received_webhooks): stored once per webhook id and
 * instance, the de-duplication key; erased on {@code shop/redact}. The notifications made of a
 * webhook are the delivery package's, recorded in the same transaction.
 */
@Repository
class IngestRepository {

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
    private final RowsInsert insertReceived;

    IngestRepository(DataSource dataSource, JdbcClient jdbc, Dialect dialect) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.insertReceived = new RowsInsert("""
                INSERT INTO received_webhooks (account_id, instance_id, webhook_id, topic, shop_domain, triggered_at,
                                               received_at, body)
                """, "(?, ?, ?, ?, ?, ?, ?, ?)", """
                ON CONFLICT (instance_id, webhook_id) DO NOTHING
                RETURNING id, instance_id, webhook_id
                """, "storing webhooks", dialect);
    }

    /** The statements of one group commit, on the transaction's connection; call inside the transaction. */
    PreparedBatch batch() {
        return PreparedBatch.open(dataSource);
    }

    /**
     * Stores each webhook unless its id was seen for the instance (before, or earlier in the list);
     * the new rows' ids in the order of {@code webhooks}, null for a repeat.
     */
    List<Long> insertReceived(PreparedBatch batch, List<IncomingWebhook> webhooks) {
        Map<String, Long> stored = new HashMap<>();
        batch.insertRows(insertReceived, webhooks, (statement, at, webhook) -> {
            statement.setLong(at + 1, webhook.target().accountId());
            statement.setLong(at + 2, webhook.target().instanceId());
            statement.setString(at + 3, webhook.webhookId());
            statement.setString(at + 4, webhook.topic());
            statement.setString(at + 5, webhook.shopDomain());
            PreparedBatch.setNullableLong(statement, at + 6, webhook.triggeredAt() == null ? null
                    : webhook.triggeredAt().toEpochMilli());
            statement.setLong(at + 7, webhook.receivedAt().toEpochMilli());
            statement.setBytes(at + 8, webhook.body());
        }, row -> stored.put(key(row.getLong("instance_id"), row.getString("webhook_id")), row.getLong("id")));
        List<Long> ids = new ArrayList<>(webhooks.size());
        for (IncomingWebhook webhook : webhooks) {
            // remove: a second webhook of the same id in this list is a repeat of the first.
            ids.add(stored.remove(key(webhook.target().instanceId(), webhook.webhookId())));
        }
        return ids;
    }

    private static String key(long instanceId, String webhookId) {
        return instanceId + " " + webhookId;
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
