package dev.tributary.accounts;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A tenant of the organization: owns instances, deliveries and settings. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Account(long id, String name, String externalId, Instant createdDate) {
}
