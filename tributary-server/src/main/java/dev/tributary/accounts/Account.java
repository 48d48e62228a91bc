package dev.tributary.accounts;

import java.time.Instant;

/** A tenant of the organization: owns instances, deliveries and settings. */
public record Account(long id, String name, String externalId, Instant createdDate) {
}
