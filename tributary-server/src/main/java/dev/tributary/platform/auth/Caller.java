package dev.tributary.platform.auth;

/** Who is calling: an authenticated user of one account. */
public record Caller(long userId, long accountId, boolean organizationAdmin) {
}
