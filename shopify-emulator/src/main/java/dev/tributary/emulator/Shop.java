package dev.tributary.emulator;

import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.node.ObjectNode;

/**
 * One shop ({@code name.myshopify.com}): its installed apps, its orders, customers and products,
 * and its webhook subscriptions. Resource bodies are stored as the REST Admin API renders them and
 * replaced, never changed in place, so a reader always sees a whole version.
 */
public final class Shop {

    private final String name;
    private final ZoneId zone;
    private final Map<String, Installation> installationsByClientId = new ConcurrentHashMap<>();
    private final Map<ResourceType, ConcurrentSkipListMap<Long, ObjectNode>> resources = new EnumMap<>(ResourceType.class);
    private final ConcurrentSkipListMap<Long, Subscription> subscriptions = new ConcurrentSkipListMap<>();
    private final AtomicLong orderNumbers = new AtomicLong(1000);

    Shop(String name, ZoneId zone) {
        this.name = name;
        this.zone = zone;
        for (ResourceType type : ResourceType.values()) {
            resources.put(type, new ConcurrentSkipListMap<>());
        }
    }

    /** The handle: {@code mystore}. */
    public String name() {
        return name;
    }

    /** {@code mystore.myshopify.com} */
    public String domain() {
        return name + ".myshopify.com";
    }

    /** The shop's time zone: times in its payloads carry this offset, as Shopify's do. */
    public ZoneId zone() {
        return zone;
    }

    public Optional<Installation> installation(String clientId) {
        return Optional.ofNullable(installationsByClientId.get(clientId));
    }

    public Map<String, Installation> installations() {
        return installationsByClientId;
    }

    /** The resources of one type by id, in id order. */
    public ConcurrentSkipListMap<Long, ObjectNode> resources(ResourceType type) {
        return resources.get(type);
    }

    public ConcurrentSkipListMap<Long, Subscription> subscriptions() {
        return subscriptions;
    }

    long nextOrderNumber() {
        return orderNumbers.incrementAndGet();
    }

    /** The last order number handed out: a state file keeps it, so order names go on where they were. */
    long lastOrderNumber() {
        return orderNumbers.get();
    }

    void lastOrderNumber(long number) {
        orderNumbers.set(number);
    }
}
