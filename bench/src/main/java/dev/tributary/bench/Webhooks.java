package dev.tributary.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.tributary.emulator.ShopifyHmac;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shopify-shaped {@code orders/create} webhooks for a set of instances: compact order bodies of
 * 3-5 KB made from the fixture (one to three line items, with or without fulfillments), signed with
 * each instance's app secret, and request heads carrying the headers Shopify sends, with a fresh
 * {@code X-Shopify-Webhook-Id} on every request. Each request is about a new order, as
 * {@code orders/create} is (its id written into the body, the body signed per request); or, with
 * {@link #hotObjects()}, about one of only {@value #VARIANTS} orders per instance, the worst case for
 * delivery in order per object.
 */
final class Webhooks {

    static final String TOPIC = "orders/create";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int VARIANTS = 12;

    /** Where one instance takes its webhooks. */
    record Target(String path, String secret, String shopDomain) {
    }

    /** One request ready to write. */
    record Request(byte[] head, byte[] body, String webhookId) {
    }

    /** A body, its signature, and where its order id's {@value #ID_DIGITS} digits are. */
    private record Body(byte[] bytes, String hmac, int idAt) {
    }

    private static final int ID_DIGITS = 10;
    /** Order ids of fresh orders: above the variants' own, {@value #ID_DIGITS} digits like them. */
    private static final java.util.concurrent.atomic.AtomicLong FRESH_IDS = new java.util.concurrent.atomic.AtomicLong(
            6_000_000_000L);

    private final String hostHeader;
    private final List<Target> targets;
    private final List<List<Body>> bodies;
    private final String pathOverride;
    private final boolean hot;
    private int minSize = Integer.MAX_VALUE;
    private int maxSize;
    private long totalSize;
    private int count;

    Webhooks(byte[] fixture, String hostHeader, List<Target> targets, String pathOverride) {
        this.hostHeader = hostHeader;
        this.targets = targets;
        this.pathOverride = pathOverride;
        this.hot = false;
        this.bodies = new ArrayList<>();
        ObjectNode order = (ObjectNode) JSON.readTree(fixture);
        long id = 5_100_000_000L;
        for (Target target : targets) {
            List<Body> variants = new ArrayList<>();
            for (int v = 0; v < VARIANTS; v++) {
                ObjectNode copy = order.deepCopy();
                int items = 1 + v % 3;
                long orderId = id++;
                copy.put("id", orderId);
                copy.put("order_number", 1000 + v);
                copy.put("name", "#" + (1000 + v));
                ArrayNode lines = (ArrayNode) copy.get("line_items");
                while (lines.size() > items) {
                    lines.remove(lines.size() - 1);
                }
                if (items == 3 || v % 2 == 1) {
                    copy.remove("fulfillments");
                }
                byte[] bytes = JSON.writeValueAsBytes(copy);
                int idAt = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"id\":" + orderId) + 5;
                minSize = Math.min(minSize, bytes.length);
                maxSize = Math.max(maxSize, bytes.length);
                totalSize += bytes.length;
                count++;
                variants.add(new Body(bytes, ShopifyHmac.webhook(target.secret(), bytes), idAt));
            }
            bodies.add(variants);
        }
    }

    private Webhooks(Webhooks of, boolean hot, String hostHeader) {
        this.hostHeader = hostHeader;
        this.targets = of.targets;
        this.pathOverride = of.pathOverride;
        this.hot = hot;
        this.bodies = of.bodies;
        this.minSize = of.minSize;
        this.maxSize = of.maxSize;
        this.totalSize = of.totalSize;
        this.count = of.count;
    }

    /** The same webhooks, but about the {@value #VARIANTS} orders per instance of the variants only, each over and over. */
    Webhooks hotObjects() {
        return new Webhooks(this, true, hostHeader);
    }

    /** The same webhooks with another {@code Host} header (another node). */
    Webhooks toHost(String host) {
        return new Webhooks(this, hot, host);
    }

    /** The same bodies and instances, sent to another path (the no-op endpoint). */
    Webhooks to(String path, byte[] fixture) {
        return new Webhooks(fixture, hostHeader, targets, path);
    }

    String sizes() {
        return minSize + "-" + maxSize + " bytes";
    }

    /** The mean body in bytes: {@link #request} takes every body equally often. */
    double meanSize() {
        return count == 0 ? 0 : (double) totalSize / count;
    }

    Request request(long sequence) {
        int t = (int) (sequence % targets.size());
        Target target = targets.get(t);
        Body body = bodies.get(t).get((int) ((sequence / targets.size()) % VARIANTS));
        if (!hot) {
            body = fresh(body, target);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String webhookId = uuid(random);
        String head = "POST " + (pathOverride == null ? target.path() : pathOverride) + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: Shopify-Captain-Hook\r\n"
                + "Accept: */*\r\n"
                + "Accept-Encoding: gzip;q=1.0,deflate;q=0.6,identity;q=0.3\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.bytes.length + "\r\n"
                + "X-Shopify-Api-Version: 2025-10\r\n"
                + "X-Shopify-Event-Id: " + uuid(random) + "\r\n"
                + "X-Shopify-Hmac-Sha256: " + body.hmac + "\r\n"
                + "X-Shopify-Shop-Domain: " + target.shopDomain() + "\r\n"
                + "X-Shopify-Topic: " + TOPIC + "\r\n"
                + "X-Shopify-Triggered-At: " + Instant.now() + "\r\n"
                + "X-Shopify-Webhook-Id: " + webhookId + "\r\n"
                + "\r\n";
        return new Request(head.getBytes(StandardCharsets.ISO_8859_1), body.bytes, webhookId);
    }

    /** The body about a new order: a fresh id in place of the variant's, signed again. */
    private static Body fresh(Body variant, Target target) {
        byte[] bytes = variant.bytes().clone();
        long id = FRESH_IDS.incrementAndGet();
        for (int i = ID_DIGITS - 1; i >= 0; i--) {
            bytes[variant.idAt() + i] = (byte) ('0' + id % 10);
            id /= 10;
        }
        return new Body(bytes, ShopifyHmac.webhook(target.secret(), bytes), variant.idAt());
    }

    /** A random (version 4) UUID without SecureRandom's lock, which many sending threads would contend on. */
    private static String uuid(ThreadLocalRandom random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    static String write(Object value) {
        return JSON.writeValueAsString(value);
    }
}
