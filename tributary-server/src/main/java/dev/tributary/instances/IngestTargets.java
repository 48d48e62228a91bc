package dev.tributary.instances;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.tributary.platform.secrets.Secrets;
import dev.tributary.shopify.ShopifyTopics;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds the instance a webhook is for, on the ingest hot path: by the key in its address, or by
 * shop for the shop-routed address. Answers are cached for a few seconds (and dropped at once when
 * this node changes an instance), so a burst of webhooks costs no database reads or decryption.
 */
@Component
public class IngestTargets {

    /** How long another node's change to an instance may go unseen here. */
    static final long CACHE_MILLIS = 5_000;

    private final InstanceRepository repository;
    private final Secrets secrets;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<String, Cached> byKey = new ConcurrentHashMap<>();

    IngestTargets(InstanceRepository repository, Secrets secrets, TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.secrets = secrets;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Optional<IngestTarget> byInstanceKey(String instanceKey) {
        long now = clock.millis();
        Cached cached = byKey.get(instanceKey);
        if (cached != null && cached.until > now) {
            return Optional.ofNullable(cached.target);
        }
        IngestTarget target = transactions.execute(status -> repository.findByInstanceKey(instanceKey)
                .map(this::target).orElse(null));
        if (byKey.size() > 100_000) {
            byKey.clear();
        }
        byKey.put(instanceKey, new Cached(target, now + CACHE_MILLIS));
        return Optional.ofNullable(target);
    }

    /** Every instance of the shop, for the shop-routed address (not cached: compliance topics are rare). */
    public List<IngestTarget> byShop(String shopDomain) {
        return transactions.execute(status -> repository.findByShop(shopDomain).stream().map(this::target).toList());
    }

    void forget() {
        byKey.clear();
    }

    private IngestTarget target(Instance instance) {
        Map<String, String> configuration = new java.util.TreeMap<>();
        for (InstanceRepository.ConfigurationRow row : repository.findConfiguration(instance.id())) {
            configuration.put(row.name(), row.storedValue());
        }
        String secret = configuration.get(InstanceConfiguration.API_SECRET);
        InstanceConfiguration config = InstanceConfiguration.of(configuration);
        Set<String> accepted = new HashSet<>(repository.findWebhooks(instance.id()).keySet());
        accepted.add(ShopifyTopics.APP_UNINSTALLED);
        accepted.addAll(ShopifyTopics.COMPLIANCE);
        String callback = config.eventsEnabled() ? config.get(InstanceConfiguration.CALLBACK_URL).orElse(null) : null;
        return new IngestTarget(instance.id(), instance.accountId(), instance.name(), instance.tags(),
                instance.shopDomain(),
                secret == null ? null : secrets.decrypt(secret,
                        InstanceConfiguration.secretContext(instance.instanceKey(), InstanceConfiguration.API_SECRET)),
                Set.copyOf(accepted), callback, instance.valid(), config.reconciles(), config.orderedPerObject(),
                config.dropsStale());
    }

    private record Cached(IngestTarget target, long until) {
    }
}
