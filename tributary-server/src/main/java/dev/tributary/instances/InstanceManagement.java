package dev.tributary.instances;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.tributary.callbacks.CallbackGuard;
import dev.tributary.elements.ShopifyElement;
import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.cluster.ClusterLocks;
import dev.tributary.platform.paging.Page;
import dev.tributary.platform.paging.PageRequest;
import dev.tributary.platform.secrets.Secrets;
import dev.tributary.platform.web.ApiException;
import dev.tributary.platform.web.JsonFields;
import dev.tributary.platform.web.LoggedPaths;
import dev.tributary.platform.web.PublicUrl;
import dev.tributary.shopify.ShopDomain;
import dev.tributary.shopify.ShopifyClient;
import dev.tributary.shopify.ShopifyException;
import dev.tributary.shopify.ShopifyWebhookSubscriptions;
import io.swagger.v3.oas.annotations.media.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Element instances: connecting a shop (code exchange, topic subscriptions), changing and removing
 * it. Shopify is called outside database transactions, and what was made at Shopify is undone when
 * a later step fails, so a failed call leaves no instance and no subscription behind.
 */
@Service
public class InstanceManagement {

    private static final Logger log = LoggerFactory.getLogger(InstanceManagement.class);
    private static final int MAX_TAGS = 50;
    private static final int MAX_TAG_LENGTH = 100;
    private static final int MAX_NAME_LENGTH = 200;
    private static final List<String> CREATE_FIELDS = List.of("element", "providerData", "configuration", "tags", "name");
    private static final List<String> UPDATE_FIELDS = List.of("name", "tags", "configuration");
    /** Shopify's OAuth redirect parameters, which clients often pass on whole. */
    private static final List<String> PROVIDER_DATA_FIELDS = List.of("code", "shop", "state", "hmac", "host", "timestamp");

    private final InstanceRepository repository;
    private final ShopifyClient shopify;
    private final ShopifyWebhookSubscriptions webhooks;
    private final Secrets secrets;
    private final PublicUrl publicUrl;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ClusterLocks locks;
    private final InstanceCaches caches;
    private final ApplicationEventPublisher events;
    private final CallbackGuard callbacks;
    private final InstanceValidity validity;
    private final LeftoverSubscriptions leftoverSubscriptions;

    InstanceManagement(InstanceRepository repository, ShopifyClient shopify, ShopifyWebhookSubscriptions webhooks,
            Secrets secrets, PublicUrl publicUrl, TransactionTemplate transactions, Clock clock,
            ApplicationEventPublisher events, CallbackGuard callbacks, InstanceValidity validity,
            LeftoverSubscriptions leftoverSubscriptions, ClusterLocks locks, InstanceCaches caches) {
        this.locks = locks;
        this.caches = caches;
        this.validity = validity;
        this.leftoverSubscriptions = leftoverSubscriptions;
        this.events = events;
        this.callbacks = callbacks;
        this.repository = repository;
        this.shopify = shopify;
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.publicUrl = publicUrl;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** {@code POST /instances}: exchanges the code, subscribes the topics, stores the instance. */
    public InstanceView create(Caller caller, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object with element, providerData and configuration");
        }
        JsonFields.requireOnly(body, "the request body", CREATE_FIELDS);
        JsonFields.requireOnly(body.get("element"), "element", List.of("key", "id"));
        JsonFields.requireOnly(body.get("providerData"), "providerData", PROVIDER_DATA_FIELDS);
        requireShopifyElement(body.path("element"));
        String code = textField(body.path("providerData"), "code");
        if (code == null) {
            throw ApiException.badRequest("providerData.code is required: the authorization code from Shopify's redirect");
        }
        InstanceConfiguration configuration = InstanceConfiguration.of(Map.of())
                .with(InstanceConfiguration.readChanges(body.get("configuration")))
                .validate();
        configuration.get(InstanceConfiguration.CALLBACK_URL).filter(url -> !url.isBlank())
                .ifPresent(callbacks::requireAllowed);
        ShopDomain shop = shopOf(configuration, body.path("providerData"));
        List<String> tags = tagsOf(body.get("tags"));
        String name = nameOf(body.get("name"), shop.domain());

        ShopifyClient.AccessGrant grant = exchange(shop, configuration, code);
        String instanceKey = secrets.generate();
        String token = secrets.generate();
        String address = publicUrl.base() + PublicUrl.WEBHOOK_PATH + instanceKey;
        Map<String, String> made;
        try {
            made = subscribeAll(shop, grant.accessToken(), configuration.subscribedTopics(), address);
        } catch (ShopifyException.Refused e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Shopify refused the access token it had just issued for "
                    + shop + " while subscribing the topics", e.providerMessage());
        }
        Map<String, String> stored = new TreeMap<>(configuration.values());
        stored.put(InstanceConfiguration.SITE_ADDRESS, shop.handle());
        stored.put(InstanceConfiguration.USER_TOKEN, grant.accessToken());
        if (grant.refreshToken() != null) {
            stored.put(InstanceConfiguration.REFRESH_TOKEN, grant.refreshToken());
        }
        Instant now = clock.instant();
        long id;
        try {
            id = transactions.execute(status -> {
                long newId = repository.insert(caller.accountId(), ShopifyElement.KEY, name, instanceKey,
                        secrets.hash(token), secrets.encrypt(token, tokenContext(instanceKey)), shop.domain(),
                        configuration.eventsEnabled(), now);
                repository.replaceTags(newId, tags);
                stored.forEach((key, value) -> repository.saveConfiguration(newId, key, seal(instanceKey, key, value)));
                made.forEach((topic, shopifyId) -> repository.insertWebhook(newId, topic, shopifyId, now));
                return newId;
            });
        } catch (RuntimeException e) {
            unsubscribeQuietly(shop, grant.accessToken(), made, null);
            throw e;
        }
        // The access log shows webhook addresses by this fingerprint, never the key itself.
        log.info("Instance {} of account {} connected {} with {} webhook subscription(s); webhook address {}", id,
                caller.accountId(), shop, made.size(), LoggedPaths.webhookAddress(instanceKey));
        return get(caller, id);
    }

    public InstanceView get(Caller caller, long id) {
        Instance instance = find(caller, id);
        return view(instance, configurationOf(instance), repository.findWebhooks(id));
    }

    public Page<InstanceView> list(Caller caller, PageRequest page, List<String> tags) {
        List<Instance> rows = repository.findPage(caller.accountId(), page.afterId(), page.fetchSize(),
                tags == null ? List.of() : tags.stream().filter(t -> t != null && !t.isBlank()).distinct().toList());
        Page<Instance> instances = Page.of(rows, page, Instance::id);
        return new Page<>(instances.items().stream()
                .map(i -> view(i, configurationOf(i), repository.findWebhooks(i.id())))
                .toList(), instances.nextPageToken());
    }

    /** {@code PATCH /instances/{id}}: any of name, tags, configuration; topics change as a diff. */
    public InstanceView update(Caller caller, long id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object with any of name, tags, configuration");
        }
        JsonFields.requireOnly(body, "the request body", UPDATE_FIELDS);
        return locks.withLock(ClusterLocks.Kind.INSTANCE, id, () -> {
            Instance instance = find(caller, id);
            Map<String, String> changes = InstanceConfiguration.readChanges(body.get("configuration"));
            String name = body.has("name") ? nameOf(body.get("name"), instance.name()) : instance.name();
            List<String> tags = body.has("tags") ? tagsOf(body.get("tags")) : null;
            return apply(instance, changes, name, tags);
        });
    }

    public List<ConfigurationEntry> configuration(Caller caller, long id) {
        Instance instance = find(caller, id);
        return repository.findConfiguration(id).stream()
                .map(row -> new ConfigurationEntry(row.id(), row.name(),
                        InstanceConfiguration.SECRET_KEYS.contains(row.name()) && row.storedValue() != null
                                ? InstanceConfiguration.MASK
                                : open(instance.instanceKey(), row.name(), row.storedValue())))
                .toList();
    }

    /** {@code PATCH /instances/{id}/configuration/{configurationId}}: one key, with the same rules as PATCH. */
    public ConfigurationEntry updateConfiguration(Caller caller, long id, long configurationId, JsonNode body) {
        if (body == null || !body.isObject() || !body.has("propertyValue")) {
            throw ApiException.badRequest("Request body must be {\"propertyValue\": \"...\"}");
        }
        JsonFields.requireOnly(body, "the request body", List.of("propertyValue"));
        return locks.withLock(ClusterLocks.Kind.INSTANCE, id, () -> {
            Instance instance = find(caller, id);
            InstanceRepository.ConfigurationRow row = repository.findConfiguration(id).stream()
                    .filter(r -> r.id() == configurationId)
                    .findFirst()
                    .orElseThrow(() -> ApiException.notFound("No configuration " + configurationId + " on instance " + id));
            var change = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            change.set(row.name(), body.get("propertyValue"));
            apply(instance, InstanceConfiguration.readChanges(change), instance.name(), null);
            return configuration(caller, id).stream().filter(e -> e.key().equals(row.name())).findFirst()
                    .orElseThrow(() -> ApiException.notFound("Configuration " + configurationId + " was removed"));
        });
    }

    /**
     * {@code DELETE /instances/{id}}: unsubscribes at Shopify (best effort), then removes it; answers
     * which subscriptions Shopify did not remove, which are then tried again in the background.
     */
    public DeletedInstance delete(Caller caller, long id) {
        return locks.withLock(ClusterLocks.Kind.INSTANCE, id, () -> {
            Instance instance = find(caller, id);
            InstanceConfiguration configuration = configurationOf(instance);
            Map<String, String> subscriptions = repository.findWebhooks(id);
            ShopDomain shop = ShopDomain.parse(instance.shopDomain()).orElseThrow();
            String token = configuration.get(InstanceConfiguration.USER_TOKEN)
                    .orElseThrow(() -> new IllegalStateException("instance " + id + " has no access token"));
            List<LeftoverSubscriptions.Leftover> leftovers = unsubscribeQuietly(shop, token, subscriptions, id);
            transactions.executeWithoutResult(status -> {
                leftoverSubscriptions.record(caller.accountId(), id, instance.shopDomain(), token, leftovers);
                repository.delete(caller.accountId(), id);
                events.publishEvent(new InstanceDeleted(caller.accountId(), id));
            });
            caches.changed(id);
            log.info("Instance {} of account {} deleted; {} of {} subscription(s) left at Shopify", id,
                    caller.accountId(), leftovers.size(), subscriptions.size());
            String message = leftovers.isEmpty()
                    ? "Instance " + id + " deleted; its " + subscriptions.size() + " webhook subscription(s) were removed at Shopify"
                    : "Instance " + id + " deleted; Shopify did not remove " + leftovers.size() + " of its "
                            + subscriptions.size() + " webhook subscription(s) (" + String.join(", ", leftovers.stream()
                            .map(LeftoverSubscriptions.Leftover::topic).toList()) + "): " + leftoverSubscriptions.promise();
            return new DeletedInstance(id, true, leftovers, message);
        });
    }

    /**
     * Re-creates the instance's webhook subscriptions that Shopify no longer holds (it removes one
     * after a run of failed deliveries, without telling the app); answers the topics re-created.
     *
     * @throws ShopifyException when Shopify cannot be asked; a refused token marks the instance not valid first
     */
    public List<String> repairSubscriptions(long accountId, long instanceId) {
        return locks.withLock(ClusterLocks.Kind.INSTANCE, instanceId, () -> {
            Instance instance = repository.find(accountId, instanceId).orElse(null);
            Map<String, String> stored = instance == null || !instance.valid() ? Map.of() : repository.findWebhooks(instanceId);
            if (stored.isEmpty()) {
                return List.of();
            }
            ShopDomain shop = ShopDomain.parse(instance.shopDomain()).orElseThrow();
            String token = configurationOf(instance).get(InstanceConfiguration.USER_TOKEN)
                    .orElseThrow(() -> new IllegalStateException("instance " + instanceId + " has no access token"));
            String address = publicUrl.base() + PublicUrl.WEBHOOK_PATH + instance.instanceKey();
            try {
                Set<String> atShopify = webhooks.ids(shop, token);
                List<String> recreated = new ArrayList<>();
                for (Map.Entry<String, String> subscription : stored.entrySet()) {
                    if (atShopify.contains(subscription.getValue())) {
                        continue;
                    }
                    String topic = subscription.getKey();
                    String shopifyId = webhooks.subscribe(shop, token, topic, address);
                    transactions.executeWithoutResult(status -> {
                        repository.deleteWebhook(instanceId, topic);
                        repository.insertWebhook(instanceId, topic, shopifyId, clock.instant());
                    });
                    recreated.add(topic);
                }
                return recreated;
            } catch (ShopifyException.Refused e) {
                if (InstanceValidity.refusesToken(e)) {
                    validity.tokenRefused(instanceId, instance.shopDomain(), e);
                }
                throw e;
            }
        });
    }

    private InstanceView apply(Instance instance, Map<String, String> changes, String name, List<String> tags) {
        InstanceConfiguration current = configurationOf(instance);
        if (changes.containsKey(InstanceConfiguration.SITE_ADDRESS)) {
            ShopDomain requested = ShopDomain.parse(changes.get(InstanceConfiguration.SITE_ADDRESS)).orElse(null);
            if (requested == null || !requested.domain().equals(instance.shopDomain())) {
                throw ApiException.badRequest(InstanceConfiguration.SITE_ADDRESS
                        + " cannot change: an instance is bound to its shop; create a new instance for another shop");
            }
        }
        InstanceConfiguration next = current.with(changes).validate();
        String callback = next.get(InstanceConfiguration.CALLBACK_URL).filter(url -> !url.isBlank()).orElse(null);
        if (callback != null && (changes.containsKey(InstanceConfiguration.CALLBACK_URL)
                || (next.eventsEnabled() && !current.eventsEnabled()))) {
            // Before any Shopify call: a refused callback changes nothing.
            callbacks.requireAllowed(callback);
        }
        ShopDomain shop = ShopDomain.parse(instance.shopDomain()).orElseThrow();
        String token = current.get(InstanceConfiguration.USER_TOKEN)
                .orElseThrow(() -> new IllegalStateException("instance " + instance.id() + " has no access token"));
        Map<String, String> existing = repository.findWebhooks(instance.id());
        Set<String> wanted = next.subscribedTopics();
        Set<String> toAdd = new LinkedHashSet<>(wanted);
        toAdd.removeAll(existing.keySet());
        Map<String, String> toRemove = new LinkedHashMap<>(existing);
        toRemove.keySet().removeAll(wanted);
        String address = publicUrl.base() + PublicUrl.WEBHOOK_PATH + instance.instanceKey();
        Map<String, String> made;
        try {
            made = toAdd.isEmpty() ? Map.of() : subscribeAll(shop, token, toAdd, address);
        } catch (ShopifyException.Refused e) {
            validity.tokenRefused(instance.id(), instance.shopDomain(), e);
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Shopify no longer accepts instance " + instance.id()
                    + "'s access token (revoked, or the app was uninstalled); the instance is marked not valid: "
                    + "connect the shop again with a new instance", e.providerMessage());
        }
        Instant now = clock.instant();
        try {
            transactions.executeWithoutResult(status -> {
                repository.update(instance.accountId(), instance.id(), name, next.eventsEnabled(), now);
                if (tags != null) {
                    repository.replaceTags(instance.id(), tags);
                }
                changes.forEach((key, value) -> {
                    if (value == null) {
                        repository.deleteConfiguration(instance.id(), key);
                    } else {
                        repository.saveConfiguration(instance.id(), key, seal(instance.instanceKey(), key, value));
                    }
                });
                made.forEach((topic, shopifyId) -> repository.insertWebhook(instance.id(), topic, shopifyId, now));
                toRemove.keySet().forEach(topic -> repository.deleteWebhook(instance.id(), topic));
                String oldUrl = current.eventsEnabled() ? current.get(InstanceConfiguration.CALLBACK_URL).orElse(null) : null;
                String newUrl = next.eventsEnabled() ? next.get(InstanceConfiguration.CALLBACK_URL).orElse(null) : null;
                if (newUrl != null && !newUrl.equals(oldUrl)) {
                    // Every delivery not yet made goes to the new address.
                    events.publishEvent(new InstanceCallbackChanged(instance.accountId(), instance.id(), newUrl));
                }
            });
        } catch (RuntimeException e) {
            unsubscribeQuietly(shop, token, made, instance.id());
            throw e;
        }
        caches.changed(instance.id());
        List<LeftoverSubscriptions.Leftover> leftovers = unsubscribeQuietly(shop, token, toRemove, instance.id());
        if (!leftovers.isEmpty()) {
            transactions.executeWithoutResult(status -> leftoverSubscriptions.record(instance.accountId(), instance.id(),
                    instance.shopDomain(), token, leftovers));
        }
        Instance updated = repository.find(instance.accountId(), instance.id()).orElseThrow();
        return view(updated, configurationOf(updated), repository.findWebhooks(instance.id()));
    }

    private ShopifyClient.AccessGrant exchange(ShopDomain shop, InstanceConfiguration configuration, String code) {
        try {
            return shopify.exchangeCode(shop, configuration.get(InstanceConfiguration.API_KEY).orElseThrow(),
                    configuration.get(InstanceConfiguration.API_SECRET).orElseThrow(), code);
        } catch (ShopifyException.Refused e) {
            throw new ApiException(e.status() == 422 ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.BAD_REQUEST,
                    "Shopify refused the authorization code for " + shop, e.providerMessage());
        } catch (ShopifyException.Unavailable e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Shopify could not be reached to exchange the code for "
                    + shop + ": " + e.getMessage());
        }
    }

    /**
     * Subscribes every topic; on any failure removes those made and fails as a whole.
     *
     * @throws ShopifyException.Refused when Shopify refuses the token itself (401), for the caller to tell
     */
    private Map<String, String> subscribeAll(ShopDomain shop, String token, Set<String> topics, String address) {
        Map<String, String> made = new LinkedHashMap<>();
        for (String topic : topics) {
            try {
                made.put(topic, webhooks.subscribe(shop, token, topic, address));
            } catch (ShopifyException e) {
                unsubscribeQuietly(shop, token, made, null);
                if (InstanceValidity.refusesToken(e)) {
                    throw e;
                }
                if (e instanceof ShopifyException.Refused refused) {
                    throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                            "Shopify refused the subscription to " + topic, refused.providerMessage());
                }
                throw new ApiException(HttpStatus.BAD_GATEWAY,
                        "Shopify could not be reached to subscribe " + topic + ": " + e.getMessage());
            }
        }
        return made;
    }

    /**
     * Removes subscriptions at Shopify; answers those that could not be removed. A 401 means the
     * token is dead: Shopify drops an uninstalled app's subscriptions itself, so none is left over,
     * and the instance ({@code instanceId}, when there is one) is marked not valid.
     */
    private List<LeftoverSubscriptions.Leftover> unsubscribeQuietly(ShopDomain shop, String token,
            Map<String, String> subscriptions, Long instanceId) {
        List<LeftoverSubscriptions.Leftover> failed = new ArrayList<>();
        for (Map.Entry<String, String> subscription : subscriptions.entrySet()) {
            try {
                webhooks.unsubscribe(shop, token, subscription.getValue());
            } catch (ShopifyException e) {
                if (InstanceValidity.refusesToken(e)) {
                    if (instanceId != null) {
                        validity.tokenRefused(instanceId, shop.domain(), (ShopifyException.Refused) e);
                    }
                    return failed;
                }
                log.warn("Could not remove the {} subscription {} at {}: {}", subscription.getKey(),
                        subscription.getValue(), shop, e.getMessage());
                failed.add(new LeftoverSubscriptions.Leftover(subscription.getKey(), subscription.getValue(),
                        e.getMessage()));
            }
        }
        return failed;
    }

    private Instance find(Caller caller, long id) {
        caller.requireAccessTo(id);
        return repository.find(caller.accountId(), id).orElseThrow(() -> ApiException.notFound("No instance " + id));
    }

    private InstanceConfiguration configurationOf(Instance instance) {
        Map<String, String> values = new TreeMap<>();
        for (InstanceRepository.ConfigurationRow row : repository.findConfiguration(instance.id())) {
            values.put(row.name(), open(instance.instanceKey(), row.name(), row.storedValue()));
        }
        return InstanceConfiguration.of(values);
    }

    private InstanceView view(Instance instance, InstanceConfiguration configuration, Map<String, String> subscriptions) {
        Map<String, String> shown = new TreeMap<>(configuration.masked());
        if (!subscriptions.isEmpty()) {
            shown.put(InstanceConfiguration.SUBSCRIPTION_IDS, String.join(",", subscriptions.values()));
        }
        return new InstanceView(instance.id(), instance.name(),
                secrets.decrypt(instance.tokenEncrypted(), tokenContext(instance.instanceKey())),
                ShopifyElement.describe(), shown, instance.tags(), instance.eventsEnabled(), instance.valid(),
                instance.invalidReason(), instance.disabled(), instance.createdAt(), instance.updatedAt());
    }

    private String seal(String instanceKey, String key, String value) {
        return InstanceConfiguration.SECRET_KEYS.contains(key)
                ? secrets.encrypt(value, InstanceConfiguration.secretContext(instanceKey, key))
                : value;
    }

    private String open(String instanceKey, String key, String stored) {
        return stored != null && InstanceConfiguration.SECRET_KEYS.contains(key)
                ? secrets.decrypt(stored, InstanceConfiguration.secretContext(instanceKey, key))
                : stored;
    }

    private static String tokenContext(String instanceKey) {
        return InstanceConfiguration.secretContext(instanceKey, "token");
    }

    private static void requireShopifyElement(JsonNode element) {
        String key = textField(element, "key");
        JsonNode id = element.path("id");
        if (key == null && !id.isNumber()) {
            throw ApiException.badRequest("element.key is required (\"shopify\")");
        }
        if ((key != null && !ShopifyElement.matches(key)) || (id.isNumber() && id.asLong() != ShopifyElement.ID)) {
            throw ApiException.badRequest("Unknown element " + (key != null ? "'" + key + "'" : id.asString())
                    + "; this installation offers: shopify");
        }
    }

    private static ShopDomain shopOf(InstanceConfiguration configuration, JsonNode providerData) {
        String given = configuration.get(InstanceConfiguration.SITE_ADDRESS).orElse(textField(providerData, "shop"));
        if (given == null) {
            throw ApiException.badRequest("The shop is needed: set configuration \"" + InstanceConfiguration.SITE_ADDRESS
                    + "\" or providerData.shop (the shop parameter of Shopify's OAuth redirect)");
        }
        return ShopDomain.parse(given).orElseThrow(() -> ApiException.badRequest("'" + given
                + "' is not a valid Shopify shop name: use mystore, mystore.myshopify.com or https://mystore.myshopify.com"));
    }

    private static List<String> tagsOf(JsonNode tags) {
        if (tags == null || tags.isNull() || tags.isMissingNode()) {
            return List.of();
        }
        if (!tags.isArray()) {
            throw ApiException.badRequest("tags must be an array of strings");
        }
        Set<String> result = new LinkedHashSet<>();
        for (JsonNode tag : tags) {
            if (!tag.isString() || tag.asString().isBlank() || tag.asString().length() > MAX_TAG_LENGTH) {
                throw ApiException.badRequest("each tag must be a non-empty string of at most " + MAX_TAG_LENGTH + " characters");
            }
            result.add(tag.asString().strip());
        }
        if (result.size() > MAX_TAGS) {
            throw ApiException.badRequest("at most " + MAX_TAGS + " tags");
        }
        return new ArrayList<>(result);
    }

    private static String nameOf(JsonNode name, String fallback) {
        if (name == null || name.isNull() || name.isMissingNode()) {
            return fallback;
        }
        if (!name.isString() || name.asString().isBlank() || name.asString().length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("name must be a non-empty string of at most " + MAX_NAME_LENGTH + " characters");
        }
        return name.asString().strip();
    }

    private static String textField(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString().strip() : null;
    }

    /** What {@code DELETE /instances/{id}} answers: what it left at Shopify, and what happens to that. */
    public record DeletedInstance(long id, boolean deleted,
            List<LeftoverSubscriptions.Leftover> subscriptionsLeftAtShopify, String message) {
    }

    /** One configuration row as {@code GET /instances/{id}/configuration} lists it. */
    @Schema(name = "InstanceConfigurationEntry")
    public record ConfigurationEntry(long id, String key, String propertyValue) {
    }
}
