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
 */
public record IngestTarget(long instanceId, long accountId, String instanceName, List<String> tags, String shopDomain,
        String apiSecret, Set<String> acceptedTopics, String callbackUrl, boolean valid, boolean reconciled) {

    @Override
    public String toString() {
        return "IngestTarget[instance=" + instanceId + ", account=" + accountId + ", shop=" + shopDomain + "]";
    }
}
