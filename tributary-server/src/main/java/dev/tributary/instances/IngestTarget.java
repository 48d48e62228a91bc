package dev.tributary.instances;

import java.util.List;
import java.util.Set;

/**
 * What receiving a webhook needs to know of an instance: whom it belongs to, the app secret that
 * verifies Shopify's HMAC, the topics it accepts and where notifications go.
 *
 * @param callbackUrl null when events are off or no callback is configured
 * @param reconciled  whether the reconciliation sweep reads its shop, so webhooks record the object
 *                    versions they bring
 * @param orderedPerObject notifications about one object are delivered in order ({@code event.delivery.ordering})
 * @param dropsStale  a notification older than one delivered for its object is dropped, not flagged
 */
public record IngestTarget(long instanceId, long accountId, String instanceName, List<String> tags, String shopDomain,
        String apiSecret, Set<String> acceptedTopics, String callbackUrl, boolean valid, boolean reconciled,
        boolean orderedPerObject, boolean dropsStale) {

    @Override
    public String toString() {
        return "IngestTarget[instance=" + instanceId + ", account=" + accountId + ", shop=" + shopDomain + "]";
    }
}
