package dev.tributary.accounts;

import java.util.Optional;

import dev.tributary.platform.auth.Authenticator;
import dev.tributary.platform.auth.AuthorizationHeader;
import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.auth.InstanceTokens;
import dev.tributary.platform.logging.KnownSecrets;
import dev.tributary.platform.secrets.Secrets;
import org.springframework.stereotype.Component;

/**
 * Checks user and organization secrets against their stored hashes, and an instance token against
 * the user's account: {@code User, Organization} acts for the account, {@code User, Element} for
 * that one instance only, all three for the account through the instance.
 */
@Component
class UserAuthenticator implements Authenticator {

    private final AccountRepository repository;
    private final Secrets secrets;
    private final InstanceTokens instanceTokens;

    UserAuthenticator(AccountRepository repository, Secrets secrets, InstanceTokens instanceTokens) {
        this.repository = repository;
        this.secrets = secrets;
        this.instanceTokens = instanceTokens;
    }

    @Override
    public Optional<Caller> authenticate(AuthorizationHeader header) {
        // Looked up by keyed hash, so the secret itself never meets a database index.
        Optional<AccountRepository.StoredCredentials> stored = repository.findCredentials(secrets.hash(header.user()));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        AccountRepository.StoredCredentials credentials = stored.get();
        if (header.organization() != null && !secrets.matches(header.organization(), credentials.organizationSecretHash())) {
            return Optional.empty();
        }
        Long instanceId = null;
        if (header.element() != null) {
            // An Element token counts only for an instance of the user's own account.
            Optional<InstanceTokens.InstanceGrant> grant = instanceTokens.resolve(header.element())
                    .filter(g -> g.accountId() == credentials.accountId());
            if (grant.isEmpty()) {
                return Optional.empty();
            }
            instanceId = grant.get().instanceId();
        }
        // Known good now: masked in every log line from here on.
        KnownSecrets.register(header.user());
        KnownSecrets.register(header.organization());
        boolean instanceOnly = header.organization() == null;
        // Organization rights come with the organization secret only.
        return Optional.of(new Caller(credentials.userId(), credentials.accountId(),
                credentials.organizationAdmin() && !instanceOnly, instanceId, instanceOnly));
    }
}
