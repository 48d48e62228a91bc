package dev.tributary.instances;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.tributary.platform.secrets.Secrets;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** An instance's notification signature key, for signing at send time; cached for a few seconds. */
@Component
public class SignatureKeys {

    private final InstanceRepository repository;
    private final Secrets secrets;
    private final TransactionTemplate transactions;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    SignatureKeys(InstanceRepository repository, Secrets secrets, TransactionTemplate transactions) {
        this.repository = repository;
        this.secrets = secrets;
        this.transactions = transactions;
    }

    public Optional<String> of(long accountId, long instanceId) {
        long now = System.currentTimeMillis();
        Cached cached = cache.get(instanceId);
        if (cached != null && cached.until > now) {
            return Optional.ofNullable(cached.key);
        }
        String key = transactions.execute(status -> repository.find(accountId, instanceId)
                .flatMap(instance -> repository.findConfiguration(instanceId).stream()
                        .filter(row -> row.name().equals(InstanceConfiguration.SIGNATURE_KEY) && row.storedValue() != null)
                        .findFirst()
                        .map(row -> secrets.decrypt(row.storedValue(), InstanceConfiguration.secretContext(
                                instance.instanceKey(), InstanceConfiguration.SIGNATURE_KEY))))
                .orElse(null));
        if (cache.size() > 100_000) {
            cache.clear();
        }
        cache.put(instanceId, new Cached(key, now + IngestTargets.CACHE_MILLIS));
        return Optional.ofNullable(key);
    }

    void forget() {
        cache.clear();
    }

    private record Cached(String key, long until) {
    }
}
