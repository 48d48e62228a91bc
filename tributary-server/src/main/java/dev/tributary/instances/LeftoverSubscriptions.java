package dev.tributary.instances;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tributary.platform.PeriodicWork;
import dev.tributary.platform.secrets.Secrets;
import dev.tributary.shopify.ShopDomain;
import dev.tributary.shopify.ShopifyException;
import dev.tributary.shopify.ShopifyWebhookSubscriptions;
import io.swagger.v3.oas.annotations.media.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Webhook subscriptions Shopify did not remove when an instance was deleted or dropped a topic:
 * recorded with the token that may remove them and tried again in the background, with growing
 * waits, until Shopify confirms (a subscription it no longer has counts) or the attempts run out.
 * A 401 ends the retries too: Shopify removes an uninstalled app's subscriptions itself. A node
 * claims a row by moving its next attempt past the call, so two nodes do not try the same one.
 */
@Component
class LeftoverSubscriptions extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(LeftoverSubscriptions.class);
    private static final Duration LONGEST_WAIT = Duration.ofHours(6);
    /** How long a claimed row is held while Shopify is called. */
    private static final Duration CLAIM = Duration.ofMinutes(5);

    private static final String INSERT = """
            INSERT INTO instance_cleanup_failures (account_id, instance_id, shop_domain, topic, shopify_id, reason,
                                                   created_at, token_encrypted, attempts, next_attempt_at)
            VALUES (:accountId, :instanceId, :shopDomain, :topic, :shopifyId, :reason, :now, :token, 1, :next)
            """;

    private static final String DUE = """
            SELECT id, instance_id, shop_domain, topic, shopify_id, token_encrypted, attempts, next_attempt_at
            FROM instance_cleanup_failures
            WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= :now AND token_encrypted IS NOT NULL
            ORDER BY next_attempt_at
            LIMIT 50
            """;

    private static final String CLAIM_ROW = """
            UPDATE instance_cleanup_failures SET next_attempt_at = :claimedUntil
            WHERE id = :id AND next_attempt_at = :seen
            """;

    private static final String REMOVE = "DELETE FROM instance_cleanup_failures WHERE id = :id";

    private static final String RESCHEDULE = """
            UPDATE instance_cleanup_failures SET attempts = :attempts, next_attempt_at = :next, reason = :reason
            WHERE id = :id
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ShopifyWebhookSubscriptions webhooks;
    private final Secrets secrets;
    private final InstanceProperties properties;
    private final Clock clock;

    LeftoverSubscriptions(JdbcClient jdbc, TransactionTemplate transactions, ShopifyWebhookSubscriptions webhooks,
            Secrets secrets, InstanceProperties properties, Clock clock) {
        super("subscription-cleanup");
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
    }

    /** One subscription left at Shopify, and why. */
    @Schema(name = "LeftoverSubscription")
    public record Leftover(String topic, String shopifyId, String reason) {
    }

    /** Records leftovers for retrying; call inside the transaction that changes or deletes the instance. */
    void record(long accountId, long instanceId, String shopDomain, String accessToken, List<Leftover> leftovers) {
        Instant now = clock.instant();
        for (Leftover leftover : leftovers) {
            jdbc.sql(INSERT).param("accountId", accountId).param("instanceId", instanceId)
                    .param("shopDomain", shopDomain).param("topic", leftover.topic())
                    .param("shopifyId", leftover.shopifyId()).param("reason", shorten(leftover.reason()))
                    .param("now", now.toEpochMilli())
                    .param("token", secrets.encrypt(accessToken, context(instanceId, leftover.shopifyId())))
                    .param("next", now.plus(waitAfter(1)).toEpochMilli())
                    .update();
        }
    }

    /** What a caller is told about leftovers. */
    String promise() {
        return "Tributary tries again to remove them, " + properties.cleanupAttempts()
                + " times in all with growing waits, and logs the outcome";
    }

    /** Tries the due leftovers once; answers how many Shopify removed (or no longer had). */
    int retryDue() {
        Instant now = clock.instant();
        List<Due> due = transactions.execute(status -> jdbc.sql(DUE).param("now", now.toEpochMilli())
                .query((rs, n) -> new Due(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("shop_domain"),
                        rs.getString("topic"), rs.getString("shopify_id"), rs.getString("token_encrypted"),
                        rs.getInt("attempts"), rs.getLong("next_attempt_at")))
                .list());
        int removed = 0;
        for (Due row : due) {
            boolean claimed = Boolean.TRUE.equals(transactions.execute(status -> jdbc.sql(CLAIM_ROW)
                    .param("id", row.id()).param("seen", row.nextAttemptAt())
                    .param("claimedUntil", now.plus(CLAIM).toEpochMilli()).update() == 1));
            if (claimed && retry(row)) {
                removed++;
            }
        }
        return removed;
    }

    private boolean retry(Due row) {
        ShopDomain shop = ShopDomain.parse(row.shopDomain()).orElseThrow();
        String token = secrets.decrypt(row.tokenEncrypted(), context(row.instanceId(), row.shopifyId()));
        String failure;
        try {
            webhooks.unsubscribe(shop, token, row.shopifyId());
            transactions.executeWithoutResult(status -> jdbc.sql(REMOVE).param("id", row.id()).update());
            log.info("Removed the {} subscription {} left at {} by instance {} (attempt {})", row.topic(),
                    row.shopifyId(), shop, row.instanceId(), row.attempts() + 1);
            return true;
        } catch (ShopifyException e) {
            if (InstanceValidity.refusesToken(e)) {
                transactions.executeWithoutResult(status -> jdbc.sql(REMOVE).param("id", row.id()).update());
                log.info("Gave up removing the {} subscription {} at {}: Shopify no longer accepts instance {}'s token, "
                        + "and removes an uninstalled app's subscriptions itself", row.topic(), row.shopifyId(), shop,
                        row.instanceId());
                return false;
            }
            failure = e.getMessage();
        }
        int attempts = row.attempts() + 1;
        Instant next = attempts >= properties.cleanupAttempts() ? null : clock.instant().plus(waitAfter(attempts));
        transactions.executeWithoutResult(status -> jdbc.sql(RESCHEDULE).param("id", row.id())
                .param("attempts", attempts).param("next", next == null ? null : next.toEpochMilli())
                .param("reason", shorten(failure)).update());
        if (next == null) {
            log.warn("Gave up removing the {} subscription {} at {} (instance {}) after {} attempts: {}; remove it in "
                    + "the app's settings at Shopify", row.topic(), row.shopifyId(), shop, row.instanceId(), attempts, failure);
        } else {
            log.warn("Could not remove the {} subscription {} at {} (instance {}, attempt {} of {}): {}; next try at {}",
                    row.topic(), row.shopifyId(), shop, row.instanceId(), attempts, properties.cleanupAttempts(), failure,
                    next);
        }
        return false;
    }

    /** The wait after {@code attempts} tries: the interval, doubled each time, at most six hours. */
    private Duration waitAfter(int attempts) {
        Duration wait = properties.cleanupRetryInterval();
        for (int i = 1; i < attempts && wait.compareTo(LONGEST_WAIT) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private static String context(long instanceId, String shopifyId) {
        return "cleanup:" + instanceId + ":" + shopifyId;
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private record Due(long id, long instanceId, String shopDomain, String topic, String shopifyId,
            String tokenEncrypted, int attempts, long nextAttemptAt) {
    }

    @Override
    protected Duration every() {
        return Duration.ofMillis(Math.min(Duration.ofMinutes(1).toMillis(), properties.cleanupRetryInterval().toMillis() / 2));
    }

    @Override
    protected void work() {
        retryDue();
    }
}
