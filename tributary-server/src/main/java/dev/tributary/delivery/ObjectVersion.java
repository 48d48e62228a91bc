package dev.tributary.delivery;

/**
 * One state of a Shopify object, as a source saw it: its resource ({@code orders}), id and updated
 * time in epoch milliseconds. Webhooks and the reconciliation sweep meet on it: the sweep sends only
 * versions no webhook brought, and a webhook does not bring again a version the sweep sent.
 */
public record ObjectVersion(String objectType, String objectId, long version) {
}
