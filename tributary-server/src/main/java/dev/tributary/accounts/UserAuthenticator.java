package dev.tributary.accounts;

import java.util.Optional;

import dev.tributary.platform.auth.Authenticator;
import dev.tributary.platform.auth.AuthorizationHeader;
import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.secrets.Secrets;
import org.springframework.stereotype.Component;

/** Checks user and organization secrets against their stored hashes. */
@Component
class UserAuthenticator implements Authenticator {

    private final AccountRepository repository;
    private final Secrets secrets;

    UserAuthenticator(AccountRepository repository, Secrets secrets) {
        this.repository = repository;
        this.secrets = secrets;
    }

    @Override
    public Optional<Caller> authenticate(AuthorizationHeader header) {
        // Looked up by keyed hash, so the secret itself never meets a database index.
        Optional<AccountRepository.StoredCredentials> stored = repository.findCredentials(secrets.hash(header.user()));
        if (stored.isEmpty() || header.organization() == null) {
            // "User, Element" calls act through an instance; instances arrive with a later issue.
            return Optional.empty();
        }
        AccountRepository.StoredCredentials credentials = stored.get();
        if (!secrets.matches(header.organization(), credentials.organizationSecretHash())) {
            return Optional.empty();
        }
        return Optional.of(new Caller(credentials.userId(), credentials.accountId(), credentials.organizationAdmin()));
    }
}
