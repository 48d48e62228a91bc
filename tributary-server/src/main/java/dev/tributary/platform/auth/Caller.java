package dev.tributary.platform.auth;

/**
 * Who is calling: an authenticated user of one account, acting through one of its instances when
 * the header carried a valid {@code Element} token ({@code instanceId} null otherwise).
 */
public record Caller(long userId, long accountId, boolean organizationAdmin, Long instanceId) {

    public Caller(long userId, long accountId, boolean organizationAdmin) {
        this(userId, accountId, organizationAdmin, null);
    }
}
