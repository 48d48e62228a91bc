package dev.tributary.instances;

import java.time.Clock;

import dev.tributary.shopify.ShopifyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks an instance not valid, with the reason {@code GET /instances/{id}} shows, when its
 * connection is gone: Shopify sent {@code app/uninstalled}, or answered 401 to its access token
 * (revoked, uninstalled, a shop Shopify no longer knows). Every caller of Shopify with an
 * instance's token reports a 401 here.
 */
@Component
public class InstanceValidity {

    private static final Logger log = LoggerFactory.getLogger(InstanceValidity.class);

    private final InstanceRepository repository;
    private final TransactionTemplate transactions;
    private final InstanceCaches caches;
    private final Clock clock;

    InstanceValidity(InstanceRepository repository, TransactionTemplate transactions, InstanceCaches caches,
            Clock clock) {
        this.repository = repository;
        this.transactions = transactions;
        this.caches = caches;
        this.clock = clock;
    }

    /** After {@code app/uninstalled}. */
    public void uninstalled(long instanceId, String shopDomain) {
        markInvalid(instanceId, shopDomain, "Shopify sent app/uninstalled: the app was removed from " + shopDomain);
    }

    /** After Shopify answered 401 to the instance's access token. */
    public void tokenRefused(long instanceId, String shopDomain, ShopifyException.Refused refusal) {
        markInvalid(instanceId, shopDomain, "Shopify refused the access token (HTTP 401: " + refusal.providerMessage()
                + "): it was revoked or the app uninstalled; connect the shop again");
    }

    /** Whether Shopify's refusal says the token itself is no good. */
    public static boolean refusesToken(ShopifyException e) {
        return e instanceof ShopifyException.Refused refused && refused.status() == 401;
    }

    private void markInvalid(long instanceId, String shopDomain, String reason) {
        boolean changed = Boolean.TRUE.equals(transactions.execute(status ->
                repository.markInvalid(instanceId, reason, clock.instant())));
        caches.changed(instanceId);
        if (changed) {
            log.warn("Instance {} ({}) is no longer valid: {}", instanceId, shopDomain, reason);
        }
    }
}
