package dev.tributary.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tributary.delivery.Notifications;
import dev.tributary.delivery.ShopRedactDelivered;
import dev.tributary.platform.PeriodicWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code shop/redact}: the shop's stored payloads in that account are erased: the raw webhooks and
 * the notifications made of them. At once when nothing is to be delivered; otherwise once the
 * redact notification has been delivered (sparing notifications still on their way), and at the
 * latest {@code TRIBUTARY_SHOP_REDACT_DEADLINE} after the request, whatever became of the
 * callback: then everything of the shop received until the request goes, notifications still
 * queued included (they are delivered as a redacted stub). The redact notifications themselves
 * stay deliverable: they carry only the shop's id and domain. The deadline is a row written with
 * the redact webhook, so a restart or a crash does not forget it.
 */
@Component
class ShopRedaction extends PeriodicWork {

    static final String TOPIC = ShopRedactDelivered.TOPIC;

    private static final Logger log = LoggerFactory.getLogger(ShopRedaction.class);
    private static final Duration LONGEST_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private static final String SCHEDULE = """
            INSERT INTO shop_redactions (account_id, shop_domain, received_at, erase_by)
            VALUES (:accountId, :shop, :receivedAt, :eraseBy)
            """;

    private static final String DUE = """
            SELECT id, account_id, shop_domain, received_at FROM shop_redactions
            WHERE erased_at IS NULL AND erase_by <= :now
            ORDER BY erase_by
            LIMIT 100
            """;

    private static final String MARK_ERASED = """
            UPDATE shop_redactions SET erased_at = :now WHERE id = :id AND erased_at IS NULL
            """;

    private final JdbcClient jdbc;
    private final IngestRepository webhooks;
    private final Notifications notifications;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration deadline;

    ShopRedaction(JdbcClient jdbc, IngestRepository webhooks, Notifications notifications,
            TransactionTemplate transactions, Clock clock, IngestProperties properties) {
        super("shop-redaction");
        this.jdbc = jdbc;
        this.webhooks = webhooks;
        this.notifications = notifications;
        this.transactions = transactions;
        this.clock = clock;
        this.deadline = properties.shopRedactDeadline();
    }

    /**
     * A redact request arrived: erases at once when nothing is delivered for it, otherwise records
     * the deadline. Call inside the transaction that stores the request.
     */
    void requested(long accountId, String shopDomain, Instant receivedAt, boolean delivered) {
        if (!delivered) {
            erase(accountId, shopDomain, receivedAt, false);
            return;
        }
        jdbc.sql(SCHEDULE).param("accountId", accountId).param("shop", shopDomain)
                .param("receivedAt", receivedAt.toEpochMilli()).param("eraseBy", receivedAt.plus(deadline).toEpochMilli())
                .update();
    }

    /** After the redact notification was delivered; inside the transaction that recorded it. */
    @EventListener
    void on(ShopRedactDelivered delivered) {
        erase(delivered.accountId(), delivered.shopDomain(), delivered.requestedAt(), true);
    }

    /** Carries out the requests whose deadline has come; answers how many. */
    int sweep() {
        Instant now = clock.instant();
        List<Due> due = transactions.execute(status -> jdbc.sql(DUE).param("now", now.toEpochMilli())
                .query((rs, n) -> new Due(rs.getLong("id"), rs.getLong("account_id"), rs.getString("shop_domain"),
                        Instant.ofEpochMilli(rs.getLong("received_at"))))
                .list());
        for (Due request : due) {
            transactions.executeWithoutResult(status -> {
                erase(request.accountId(), request.shopDomain(), request.receivedAt(), false);
                jdbc.sql(MARK_ERASED).param("id", request.id()).param("now", now.toEpochMilli()).update();
            });
            log.info("Erased the stored payloads of {} for account {}: its shop/redact request of {} reached its "
                    + "deadline", request.shopDomain(), request.accountId(), request.receivedAt());
        }
        return due.size();
    }

    private void erase(long accountId, String shopDomain, Instant upTo, boolean spareUndelivered) {
        notifications.eraseShop(accountId, shopDomain, upTo, spareUndelivered);
        webhooks.eraseShop(accountId, shopDomain, upTo);
    }

    private record Due(long id, long accountId, String shopDomain, Instant receivedAt) {
    }

    /** Often enough that a request is carried out close to its deadline, however short it is set. */
    @Override
    protected Duration every() {
        return Duration.ofMillis(Math.min(LONGEST_SWEEP_INTERVAL.toMillis(), deadline.toMillis() / 4));
    }

    @Override
    protected void work() {
        sweep();
    }
}
