package dev.tributary.platform.auth;

import dev.tributary.platform.web.ApiException;

/**
 * Who is calling: an authenticated user of one account. With the organization secret the call
 * acts for the whole account ({@code instanceId} set too when an {@code Element} token came along).
 * With only {@code User <secret>, Element <token>} it is scoped to that one instance: it may read
 * the instance, its events and deliveries, and nothing else ({@link InstanceScoped}).
 */
public record Caller(long userId, long accountId, boolean organizationAdmin, Long instanceId, boolean instanceOnly) {

    /** What an instance-scoped caller is told when it asks for more. */
    static final String NEEDS_ORGANIZATION = "This call needs 'User <secret>, Organization <secret>': "
            + "'User <secret>, Element <token>' reads only that instance, its events and its deliveries";

    public Caller {
        if (instanceOnly && instanceId == null) {
            throw new IllegalArgumentException("an instance-scoped caller needs its instance");
        }
    }

    /** A call with the organization secret: the whole account. */
    public Caller(long userId, long accountId, boolean organizationAdmin) {
        this(userId, accountId, organizationAdmin, null, false);
    }

    /**
     * Refuses an instance-scoped caller a call about another instance.
     *
     * @throws ApiException 403 naming the credentials the call needs
     */
    public void requireAccessTo(long instance) {
        if (instanceOnly && instanceId != instance) {
            throw ApiException.forbidden("The Element token is instance " + instanceId + "'s; "
                    + "instance " + instance + " needs its own token or 'User <secret>, Organization <secret>'");
        }
    }
}
