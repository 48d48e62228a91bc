package dev.tributary.platform.auth;

import java.util.Optional;

/** Decides whether the secrets of an {@code Authorization} header belong to a user. */
public interface Authenticator {

    /** The caller the header proves, or empty when a secret is wrong or a required part missing. */
    Optional<Caller> authenticate(AuthorizationHeader header);
}
