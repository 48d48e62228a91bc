package dev.tributary.instances;

import java.time.Instant;
import java.util.List;

/** One account's connection to one shop, as stored (configuration and webhooks apart). */
record Instance(long id, long accountId, String elementKey, String name, String instanceKey, String tokenEncrypted,
        String shopDomain, List<String> tags, boolean eventsEnabled, boolean valid, String invalidReason,
        boolean disabled, Instant createdAt, Instant updatedAt) {
}
