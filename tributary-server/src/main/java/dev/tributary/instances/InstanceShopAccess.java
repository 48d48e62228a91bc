package dev.tributary.instances;

import dev.tributary.platform.secrets.Secrets;
import dev.tributary.platform.web.ApiException;
import dev.tributary.shopify.ShopDomain;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands other packages an instance's shop and access token, for reading the shop on the instance's
 * behalf (the hub resources). Scoped by the account: another account's instance is not found.
 */
@Component
public class InstanceShopAccess {

    private final InstanceRepository repository;
    private final Secrets secrets;
    private final TransactionTemplate transactions;

    InstanceShopAccess(InstanceRepository repository, Secrets secrets, TransactionTemplate transactions) {
        this.repository = repository;
        this.secrets = secrets;
        this.transactions = transactions;
    }

    /**
     * The shop and decrypted access token of the account's instance.
     *
     * @throws ApiException 404 when the account has no such instance
     */
    public ShopAccess of(long accountId, long instanceId) {
        return transactions.execute(status -> {
            Instance instance = repository.find(accountId, instanceId)
                    .orElseThrow(() -> ApiException.notFound("No instance " + instanceId));
            String stored = repository.findConfiguration(instanceId).stream()
                    .filter(row -> row.name().equals(InstanceConfiguration.USER_TOKEN))
                    .map(InstanceRepository.ConfigurationRow::storedValue)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("instance " + instanceId + " has no access token"));
            String token = secrets.decrypt(stored,
                    InstanceConfiguration.secretContext(instance.instanceKey(), InstanceConfiguration.USER_TOKEN));
            return new ShopAccess(instanceId, ShopDomain.parse(instance.shopDomain()).orElseThrow(), token);
        });
    }
}
