package dev.tributary.instances;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.tributary.callbacks.CallbackGuard;
import dev.tributary.elements.HubResourcePath;
import dev.tributary.elements.PollUrlTemplate;
import dev.tributary.elements.ShopifyElement;
import dev.tributary.platform.web.ApiException;
import dev.tributary.shopify.ShopDomain;
import dev.tributary.shopify.ShopifyTopics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An instance's configuration: the keys of the {@code shopify} element with string values, read and
 * checked as a whole. Pure: no storage, no Shopify, so every rule has a unit test.
 */
public final class InstanceConfiguration {

    public static final String API_KEY = "oauth.api.key";
    public static final String API_SECRET = "oauth.api.secret";
    public static final String USER_TOKEN = "oauth.user.token";
    public static final String REFRESH_TOKEN = "oauth.user.refresh_token";
    public static final String SITE_ADDRESS = "shopify.site.address";
    public static final String EVENTS_ENABLED = "event.notification.enabled";
    public static final String VENDOR_TYPE = "event.vendor.type";
    public static final String TOPICS = "shopify.webhook.topics";
    public static final String CALLBACK_URL = "event.notification.callback.url";
    public static final String SIGNATURE_KEY = "event.notification.signature.key";
    public static final String SUBSCRIPTION_IDS = "event.notification.subscription.id";
    public static final String POLLER_INTERVAL = "event.poller.refresh_interval";
    public static final String POLLER_CONFIGURATION = "event.poller.configuration";
    public static final String RECONCILIATION_ENABLED = "event.reconciliation.enabled";
    public static final String RECONCILIATION_INTERVAL = "event.reconciliation.interval";
    public static final String DELIVERY_ORDERING = "event.delivery.ordering";
    public static final String DELIVERY_STALE = "event.delivery.stale";

    public static final String MASK = "********";

    /** Values that are encrypted at rest and never shown. */
    public static final Set<String> SECRET_KEYS = Set.of(API_SECRET, USER_TOKEN, REFRESH_TOKEN, SIGNATURE_KEY);

    /** Values Tributary sets; a caller may not. */
    static final Set<String> READ_ONLY_KEYS = Set.of(USER_TOKEN, REFRESH_TOKEN, SUBSCRIPTION_IDS);

    private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(15);
    private static final Duration DEFAULT_RECONCILIATION_INTERVAL = Duration.ofMinutes(10);
    private static final BigDecimal SHORTEST_MINUTES = new BigDecimal("0.01");
    private static final BigDecimal LONGEST_MINUTES = BigDecimal.valueOf(7 * 24 * 60);
    private static final Set<String> KNOWN_KEYS;
    private static final int MAX_VALUE_LENGTH = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        Set<String> keys = new LinkedHashSet<>();
        ShopifyElement.CONFIGURATION.forEach(key -> keys.add(key.key()));
        keys.add(USER_TOKEN);
        keys.add(REFRESH_TOKEN);
        KNOWN_KEYS = Collections.unmodifiableSet(keys);
    }

    private final Map<String, String> values;

    private InstanceConfiguration(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * What a stored secret's ciphertext is bound to: the instance and the key, so a value copied to
     * another instance or key does not decrypt.
     */
    static String secretContext(String instanceKey, String key) {
        return "instance:" + instanceKey + ":" + key;
    }

    /** Configuration as stored: trusted, already checked. */
    public static InstanceConfiguration of(Map<String, String> values) {
        return new InstanceConfiguration(values);
    }

    /**
     * Reads a request's {@code configuration} object: booleans and numbers become strings, a JSON
     * object (the poller configuration) its JSON text; nulls remove a key.
     *
     * @throws ApiException 400 for unknown or read-only keys and values of the wrong kind
     */
    static Map<String, String> readChanges(JsonNode configuration) {
        Map<String, String> changes = new LinkedHashMap<>();
        if (configuration == null || configuration.isNull() || configuration.isMissingNode()) {
            return changes;
        }
        if (!configuration.isObject()) {
            throw ApiException.badRequest("configuration must be a JSON object of configuration keys");
        }
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : configuration.properties()) {
            String key = entry.getKey();
            if (!KNOWN_KEYS.contains(key)) {
                unknown.add(key);
                continue;
            }
            if (READ_ONLY_KEYS.contains(key)) {
                throw ApiException.badRequest("configuration key '" + key + "' is set by Tributary and cannot be given");
            }
            changes.put(key, valueOf(key, entry.getValue()));
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Unknown configuration key(s): " + String.join(", ", unknown)
                    + "; the shopify element takes: " + String.join(", ", ShopifyElement.CONFIGURATION.stream()
                    .map(ShopifyElement.ConfigurationKey::key).filter(k -> !READ_ONLY_KEYS.contains(k)).toList()));
        }
        return changes;
    }

    /** This configuration with {@code changes} applied (a null value removes the key). */
    InstanceConfiguration with(Map<String, String> changes) {
        Map<String, String> merged = new TreeMap<>(values);
        changes.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return new InstanceConfiguration(merged);
    }

    /**
     * Checks the rules that need the whole configuration: the app's credentials, the shop when
     * given, the event settings and topics, the poll urls. Nothing is sent anywhere before this passes.
     */
    InstanceConfiguration validate() {
        List<String> missing = new ArrayList<>();
        if (isBlank(values.get(API_KEY))) {
            missing.add(API_KEY);
        }
        if (isBlank(values.get(API_SECRET))) {
            missing.add(API_SECRET);
        }
        if (!missing.isEmpty()) {
            throw ApiException.badRequest("configuration is missing " + String.join(", ", missing));
        }
        if (values.containsKey(SITE_ADDRESS) && ShopDomain.parse(values.get(SITE_ADDRESS)).isEmpty()) {
            throw ApiException.badRequest(SITE_ADDRESS + " is not a valid Shopify shop name: use mystore, "
                    + "mystore.myshopify.com or https://mystore.myshopify.com");
        }
        eventsEnabled();
        String vendor = vendorType();
        String callback = values.get(CALLBACK_URL);
        if (!isBlank(callback)) {
            String problem = CallbackGuard.shapeProblem(callback);
            if (problem != null) {
                throw ApiException.badRequest(CALLBACK_URL + " '" + shorten(callback) + "' is refused: " + problem);
            }
        }
        if (eventsEnabled()) {
            if (isBlank(callback)) {
                throw ApiException.badRequest(CALLBACK_URL + " is required when events are enabled");
            }
            if (vendor.equals("webhook") && topics().isEmpty()) {
                throw ApiException.badRequest(TOPICS + " must name at least one topic when webhook events are enabled");
            }
        }
        topics();
        pollInterval();
        reconciles();
        reconciliationInterval();
        orderedPerObject();
        dropsStale();
        if (values.containsKey(POLLER_CONFIGURATION)) {
            checkPollUrls(values.get(POLLER_CONFIGURATION));
        }
        return this;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Map<String, String> values() {
        return values;
    }

    /** {@code event.notification.enabled}: true/false as string or boolean; default false. */
    public boolean eventsEnabled() {
        String value = values.get(EVENTS_ENABLED);
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(EVENTS_ENABLED + " must be true or false, not '" + shorten(value) + "'");
        };
    }

    /** {@code event.vendor.type}: {@code webhook} (default; {@code webhooks} accepted) or {@code polling}. */
    public String vendorType() {
        String value = values.get(VENDOR_TYPE);
        if (value == null || value.isBlank()) {
            return "webhook";
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "webhook", "webhooks" -> "webhook";
            case "polling" -> "polling";
            default -> throw ApiException.badRequest(VENDOR_TYPE + " must be webhook or polling, not '" + shorten(value) + "'");
        };
    }

    /**
     * The webhook topics to subscribe at Shopify: with events on, the chosen topics and
     * {@code app/uninstalled} for webhook instances, and {@code app/uninstalled} alone for polling
     * ones, so an uninstall marks them not valid too; none with events off.
     */
    public Set<String> subscribedTopics() {
        if (!eventsEnabled()) {
            return Set.of();
        }
        Set<String> wanted = new LinkedHashSet<>(vendorType().equals("webhook") ? topics() : Set.of());
        wanted.add(ShopifyTopics.APP_UNINSTALLED);
        return wanted;
    }

    /** Whether the poller works for this instance: events on, and polling as the vendor type or beside webhooks. */
    public boolean polls() {
        return eventsEnabled() && (vendorType().equals("polling") || values.containsKey(POLLER_CONFIGURATION));
    }

    /**
     * {@code event.poller.refresh_interval}: minutes between polls, fractions accepted ({@code 0.05}
     * polls every 3 s); 15 minutes when unset.
     *
     * @throws ApiException 400 for anything but a number of at least 0.01 (0.6 s)
     */
    public Duration pollInterval() {
        return minutes(POLLER_INTERVAL, DEFAULT_POLL_INTERVAL, "polls");
    }

    /**
     * Whether the reconciliation sweep works for this instance: events on, webhooks as the vendor
     * type, and {@code event.reconciliation.enabled} not false (it is on by default).
     */
    public boolean reconciles() {
        String value = values.get(RECONCILIATION_ENABLED);
        boolean enabled = value == null || switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(RECONCILIATION_ENABLED + " must be true or false, not '"
                    + shorten(value) + "'");
        };
        return enabled && eventsEnabled() && vendorType().equals("webhook");
    }

    /** {@code event.reconciliation.interval}: minutes between sweeps, fractions accepted; 10 when unset. */
    public Duration reconciliationInterval() {
        return minutes(RECONCILIATION_INTERVAL, DEFAULT_RECONCILIATION_INTERVAL, "sweeps");
    }

    /**
     * {@code event.delivery.ordering}: {@code object} (the default) delivers the notifications about
     * one object one at a time, in Shopify's order; {@code none} sends them as they come.
     */
    public boolean orderedPerObject() {
        return choice(DELIVERY_ORDERING, "object", "none").equals("object");
    }

    /**
     * {@code event.delivery.stale}: what becomes of a notification older than one already delivered
     * for its object: {@code deliver} (the default) flagged {@code "stale": true}, or {@code drop}.
     */
    public boolean dropsStale() {
        return choice(DELIVERY_STALE, "deliver", "drop").equals("drop");
    }

    private String choice(String key, String fallback, String other) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String chosen = value.strip().toLowerCase(Locale.ROOT);
        if (!chosen.equals(fallback) && !chosen.equals(other)) {
            throw ApiException.badRequest(key + " must be " + fallback + " or " + other + ", not '" + shorten(value) + "'");
        }
        return chosen;
    }

    private Duration minutes(String key, Duration fallback, String what) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        BigDecimal minutes;
        try {
            minutes = new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            minutes = null;
        }
        if (minutes == null || minutes.compareTo(SHORTEST_MINUTES) < 0 || minutes.compareTo(LONGEST_MINUTES) > 0) {
            throw ApiException.badRequest(key + " must be a number of minutes from 0.01 to 10080 "
                    + "(0.05 " + what + " every 3 s), not '" + shorten(value) + "'");
        }
        return Duration.ofMillis(minutes.multiply(BigDecimal.valueOf(60_000)).longValue());
    }

    /**
     * The chosen topics, in the order given.
     *
     * @throws ApiException 400 naming unknown topics, or compliance topics (set in the app's settings)
     */
    public Set<String> topics() {
        Set<String> topics = ShopifyTopics.parseList(values.get(TOPICS));
        List<String> compliance = topics.stream().filter(ShopifyTopics.COMPLIANCE::contains).toList();
        if (!compliance.isEmpty()) {
            throw ApiException.badRequest("Topic(s) " + String.join(", ", compliance) + " are compliance topics: "
                    + "set them in the app's settings at Shopify, pointed at /elements/api-v2/events/shopify");
        }
        List<String> unknown = topics.stream().filter(topic -> !ShopifyTopics.isSubscribable(topic)).toList();
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Unknown Shopify webhook topic(s): " + String.join(", ", unknown)
                    + "; GET /elements/shopify lists the supported topics");
        }
        return topics;
    }

    /** The configuration as responses show it: secrets masked. */
    public Map<String, String> masked() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((key, value) -> shown.put(key, SECRET_KEYS.contains(key) && value != null ? MASK : value));
        return shown;
    }

    private static String valueOf(String key, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text;
        if (value.isString()) {
            text = value.asString();
        } else if (value.isBoolean() || value.isNumber()) {
            text = value.asString();
        } else if (value.isObject() && key.equals(POLLER_CONFIGURATION)) {
            text = JSON.writeValueAsString(value);
        } else {
            throw ApiException.badRequest("configuration key '" + key + "' must be a string");
        }
        if (text.length() > MAX_VALUE_LENGTH) {
            throw ApiException.badRequest("configuration key '" + key + "' is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        return text;
    }

    /** The poller configuration maps resource names to settings; each {@code url} must be a valid template. */
    private static void checkPollUrls(String text) {
        JsonNode resources;
        try {
            resources = JSON.readTree(text);
        } catch (JacksonException e) {
            resources = null;
        }
        if (resources == null || !resources.isObject()) {
            throw ApiException.badRequest(POLLER_CONFIGURATION + " must be a JSON object mapping each resource name to its settings");
        }
        for (Map.Entry<String, JsonNode> resource : resources.properties()) {
            String name = shorten(resource.getKey());
            if (!resource.getValue().isObject()) {
                throw ApiException.badRequest(POLLER_CONFIGURATION + ": " + name + " must be a JSON object of settings");
            }
            JsonNode url = resource.getValue().get("url");
            if (url == null) {
                continue;
            }
            if (!url.isString()) {
                throw ApiException.badRequest(POLLER_CONFIGURATION + ": " + name + ".url must be a string");
            }
            HubResourcePath.problem(url.asString()).ifPresent(problem -> {
                throw ApiException.badRequest(POLLER_CONFIGURATION + ": " + name + ".url " + problem + ", not '"
                        + shorten(url.asString()) + "'");
            });
            try {
                PollUrlTemplate.parse(url.asString());
            } catch (PollUrlTemplate.PollUrlSyntaxException e) {
                throw ApiException.badRequest(POLLER_CONFIGURATION + ": " + name + ".url: " + e.getMessage());
            }
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "..." : value;
    }
}
