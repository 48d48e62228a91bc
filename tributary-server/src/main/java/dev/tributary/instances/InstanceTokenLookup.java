package dev.tributary.instances;

import java.util.Optional;

import dev.tributary.platform.auth.InstanceTokens;
import dev.tributary.platform.secrets.Secrets;
import org.springframework.stereotype.Component;

/** Resolves instance tokens by their keyed hash. */
@Component
class InstanceTokenLookup implements InstanceTokens {

    private final InstanceRepository repository;
    private final Secrets secrets;

    InstanceTokenLookup(InstanceRepository repository, Secrets secrets) {
        this.repository = repository;
        this.secrets = secrets;
    }

    @Override
    public Optional<InstanceGrant> resolve(String token) {
        return repository.findByTokenHash(secrets.hash(token)).map(ids -> new InstanceGrant(ids[0], ids[1]));
    }
}
