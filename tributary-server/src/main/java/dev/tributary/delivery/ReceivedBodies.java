package dev.tributary.delivery;

import java.util.Collection;
import java.util.Map;

/**
 * The bodies of received webhooks, as Shopify sent them, for notifications that store only their
 * envelope and reference the body instead of embedding a second copy. Implemented by the package
 * that owns received webhooks.
 */
public interface ReceivedBodies {

    /** The bodies of these received webhooks by id; an id no longer stored is absent. */
    Map<Long, byte[]> find(Collection<Long> receivedWebhookIds);
}
