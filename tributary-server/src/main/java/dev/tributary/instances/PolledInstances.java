package dev.tributary.instances;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The instances the poller works for: valid, with events on, and polling (their
 * {@code event.vendor.type} is {@code polling}, or they have a poller configuration beside webhooks)
 * or reconciling (webhook instances, unless {@code event.reconciliation.enabled} is false).
 */
@Component
public class PolledInstances {

    private final InstanceRepository repository;
    private final TransactionTemplate transactions;

    PolledInstances(InstanceRepository repository, TransactionTemplate transactions) {
        this.repository = repository;
        this.transactions = transactions;
    }

    /**
     * An instance that polls: whose it is, its shop, where its notifications go, its configuration
     * (no secrets), and when that was last saved (a first poll looks for changes since then).
     */
    public record PolledInstance(long accountId, long instanceId, String name, List<String> tags, String shopDomain,
            String callbackUrl, InstanceConfiguration configuration, Instant configuredAt) {
    }

    /**
     * A value that changes whenever the set of active instances or any of their configurations
     * does: one cheap query, so callers need not read every instance to see that nothing changed.
     */
    public String version() {
        return repository.activeVersion();
    }

    public List<PolledInstance> all() {
        return transactions.execute(status -> repository.findActive().stream()
                .map(instance -> {
                    InstanceConfiguration configuration = configurationOf(instance);
                    return new PolledInstance(instance.accountId(), instance.id(), instance.name(), instance.tags(),
                            instance.shopDomain(), configuration.get(InstanceConfiguration.CALLBACK_URL).orElse(null),
                            configuration, instance.updatedAt());
                })
                .filter(polled -> polled.configuration().polls() || polled.configuration().reconciles())
                .toList());
    }

    private InstanceConfiguration configurationOf(Instance instance) {
        Map<String, String> values = new TreeMap<>();
        for (InstanceRepository.ConfigurationRow row : repository.findConfiguration(instance.id())) {
            if (!InstanceConfiguration.SECRET_KEYS.contains(row.name())) {
                values.put(row.name(), row.storedValue());
            }
        }
        return InstanceConfiguration.of(values);
    }
}
