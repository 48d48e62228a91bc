package dev.tributary.platform.auth;

import java.util.Optional;

/** Finds the instance an {@code Element <token>} names. */
public interface InstanceTokens {

    /** The instance the token belongs to, or empty when it belongs to none. */
    Optional<InstanceGrant> resolve(String token);

    /** An instance and the account that owns it. */
    record InstanceGrant(long instanceId, long accountId) {
    }
}
