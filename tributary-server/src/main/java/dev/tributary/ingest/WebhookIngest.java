package dev.tributary.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.tributary.delivery.DeliveryOrder;
import dev.tributary.delivery.ObjectVersion;
import dev.tributary.delivery.VersionClaim;
import dev.tributary.elements.HubResourcePath;
import dev.tributary.events.EventIds;
import dev.tributary.events.EventNormalizer;
import dev.tributary.events.NotificationBody;
import dev.tributary.instances.IngestTarget;
import dev.tributary.instances.IngestTargets;
import dev.tributary.instances.InstanceValidity;
import dev.tributary.platform.web.ApiException;
import dev.tributary.shopify.ShopifyTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Receives Shopify's webhooks, in this order: find the instance, verify the HMAC over the raw
 * bytes (401 and nothing stored when it fails), drop a topic the instance does not take, then hand
 * the webhook with its notifications to the group-commit writer, which drops a repeated webhook id,
 * and answer only once it is durably stored. Nothing slow happens here: no callback, no Shopify call.
 */
@Service
class WebhookIngest {

    static final String TOPIC = "X-Shopify-Topic";
    static final String HMAC = "X-Shopify-Hmac-Sha256";
    static final String SHOP_DOMAIN = "X-Shopify-Shop-Domain";
    static final String WEBHOOK_ID = "X-Shopify-Webhook-Id";
    static final String TRIGGERED_AT = "X-Shopify-Triggered-At";

    private static final Logger log = LoggerFactory.getLogger(WebhookIngest.class);
    private static final long STORE_TIMEOUT_SECONDS = 4;
    /** Mac.getInstance searches the security providers on every call; one per thread, re-keyed per webhook. */
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    });

    /** The outcome of one webhook, as answered to Shopify. */
    enum Outcome { STORED, DUPLICATE, IGNORED }

    /** The headers Shopify sends with a webhook. */
    record ShopifyHeaders(String topic, String hmac, String shopDomain, String webhookId, String triggeredAt) {
    }

    private final IngestTargets targets;
    private final InstanceValidity validity;
    private final WebhookWriter writer;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Timer latency;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    WebhookIngest(IngestTargets targets, InstanceValidity validity, WebhookWriter writer, Clock clock,
            MeterRegistry metrics) {
        this.targets = targets;
        this.validity = validity;
        this.writer = writer;
        this.clock = clock;
        this.metrics = metrics;
        this.latency = Timer.builder("tributary.ingest.duration")
                .description("Time from a webhook's arrival to its answer, storage included")
                .publishPercentileHistogram()
                .register(metrics);
    }

    /** A webhook sent to an instance's own address. */
    Outcome receive(String instanceKey, ShopifyHeaders headers, byte[] body) {
        long started = System.nanoTime();
        try {
            IngestTarget target = targets.byInstanceKey(instanceKey).orElse(null);
            if (target == null) {
                count("unknown_instance");
                // The key is a capability: not repeated in the answer or the log.
                throw ApiException.notFound("No instance has this webhook address");
            }
            if (!verifies(target.apiSecret(), headers.hmac(), body)) {
                count("rejected_signature");
                throw new ApiException(HttpStatus.UNAUTHORIZED, "X-Shopify-Hmac-Sha256 is missing or does not match the body");
            }
            if (!namesShopOrNone(headers.shopDomain(), target.shopDomain())) {
                // One app's secret signs every shop's webhooks: a body signed for another shop is not this instance's.
                count("wrong_shop");
                throw new ApiException(HttpStatus.UNAUTHORIZED,
                        "X-Shopify-Shop-Domain names a shop other than the one this address belongs to");
            }
            return accept(target, headers, body);
        } finally {
            latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** A webhook sent to the shop-routed address: every instance of the shop whose app secret verifies it. */
    Outcome receiveForShop(ShopifyHeaders headers, byte[] body) {
        long started = System.nanoTime();
        try {
            String shop = headers.shopDomain() == null ? "" : headers.shopDomain().strip().toLowerCase(java.util.Locale.ROOT);
            List<IngestTarget> verified = targets.byShop(shop).stream()
                    .filter(target -> verifies(target.apiSecret(), headers.hmac(), body))
                    .toList();
            if (verified.isEmpty()) {
                count("rejected_signature");
                throw new ApiException(HttpStatus.UNAUTHORIZED,
                        "No instance of the shop in X-Shopify-Shop-Domain verifies X-Shopify-Hmac-Sha256");
            }
            Outcome outcome = Outcome.IGNORED;
            for (IngestTarget target : verified) {
                Outcome one = accept(target, headers, body);
                if (one != Outcome.IGNORED) {
                    outcome = one;
                }
            }
            return outcome;
        } finally {
            latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private Outcome accept(IngestTarget target, ShopifyHeaders headers, byte[] body) {
        String topic = headers.topic() == null ? null : headers.topic().strip().toLowerCase(java.util.Locale.ROOT);
        if (topic == null || topic.isEmpty()) {
            throw ApiException.badRequest("X-Shopify-Topic is required");
        }
        if (headers.webhookId() == null || headers.webhookId().isBlank() || headers.webhookId().length() > 200) {
            throw ApiException.badRequest("X-Shopify-Webhook-Id is required");
        }
        if (!target.acceptedTopics().contains(topic)) {
            count("ignored");
            log.debug("Ignored {} for instance {}: not a subscribed topic", topic, target.instanceId());
            return Outcome.IGNORED;
        }
        Instant receivedAt = clock.instant();
        Instant triggeredAt = parseTime(headers.triggeredAt());
        Instant eventDate = triggeredAt == null ? receivedAt : triggeredAt;
        // Scanned once: its summary for normalization, and whether the body is embedded as JSON or as text.
        NotificationBody.ProviderBody raw = NotificationBody.read(body);
        EventNormalizer.NormalizedEvent event = EventNormalizer.normalize(topic, raw.summary());
        NotificationBody.Header header = new NotificationBody.Header(target.accountId(), target.instanceId(),
                target.instanceName(), target.tags(), "webhook", topic, target.shopDomain(), headers.webhookId(),
                triggeredAt);
        List<NotificationBody.Notification> notifications = NotificationBody.build(header,
                List.of(new NotificationBody.Event(event.objectType(), event.objectId(), event.eventType(),
                        event.providerEventType(), eventDate)),
                raw, NotificationBody.MAX_WEBHOOK_EVENTS, EventIds::next);
        // The object's updated_at, read once for both its uses.
        Instant updatedAt = target.orderedPerObject() || target.reconciled() ? updatedAt(raw.summary()) : null;
        DeliveryOrder order = !target.orderedPerObject() ? null : DeliveryOrder.of(target.instanceId(),
                event.objectType(), event.objectId(), eventDate, updatedAt, target.dropsStale());
        WebhookWriter.Outcome stored = store(new IncomingWebhook(target, headers.webhookId().strip(), topic,
                target.shopDomain(), triggeredAt, receivedAt, body, notifications,
                claimOf(target, event, updatedAt), order));
        if (stored == WebhookWriter.Outcome.DUPLICATE) {
            count("duplicate");
            return Outcome.DUPLICATE;
        }
        count(stored == WebhookWriter.Outcome.RECONCILED_ALREADY ? "reconciled_already" : "stored");
        if (topic.equals(ShopifyTopics.APP_UNINSTALLED)) {
            validity.uninstalled(target.instanceId(), target.shopDomain());
        }
        return Outcome.STORED;
    }

    private WebhookWriter.Outcome store(IncomingWebhook webhook) {
        try {
            return writer.submit(webhook).get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw overloaded();
        } catch (TimeoutException e) {
            throw overloaded();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof WebhookWriter.OverloadedException)) {
                log.error("Storing webhook {} failed", webhook.webhookId(), e.getCause());
            }
            throw overloaded();
        }
    }

    private ApiException overloaded() {
        count("overloaded");
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Webhook not stored; try again");
    }

    /**
     * The version of a hub object a webhook brings (its resource, id and {@code updated_at}), which
     * the reconciliation sweep matches; null when the instance does not reconcile, for other topics
     * and for payloads without one.
     */
    static VersionClaim claimOf(IngestTarget target, EventNormalizer.NormalizedEvent event, Instant updated) {
        if (!target.reconciled() || updated == null || event.objectId() == null
                || !HubResourcePath.RESOURCES.contains(event.objectType())) {
            return null;
        }
        return new VersionClaim(target.instanceId(), "webhook",
                new ObjectVersion(event.objectType(), event.objectId(), updated.toEpochMilli()));
    }

    private static Instant updatedAt(JsonNode payload) {
        return payload == null ? null : parseTime(payload.path("updated_at").asString(null));
    }

    /** Shopify's signature: base64 HMAC-SHA256 of the raw body with the app's secret, compared in constant time. */
    static boolean verifies(String secret, String hmacHeader, byte[] body) {
        if (secret == null || hmacHeader == null || hmacHeader.isBlank()) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            expected = mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(hmacHeader.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    private static boolean namesShopOrNone(String header, String shopDomain) {
        return header == null || header.isBlank() || header.strip().equalsIgnoreCase(shopDomain);
    }

    private static Instant parseTime(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private void count(String outcome) {
        // Looked up once per outcome: building and registering a meter per webhook costs more than counting.
        counters.computeIfAbsent(outcome, name -> Counter.builder("tributary.ingest.webhooks").tag("outcome", name)
                .description("Webhooks received, by outcome").register(metrics)).increment();
    }
}
