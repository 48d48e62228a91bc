package dev.tributary.emulator;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code filter} GraphQL clients set on their subscriptions. {@link Subscription} has no room
 * for it (REST has no filters), so it is kept here by subscription id; the creation time guards
 * against an id handed out again after the emulator was reset. The emulator stores a filter and
 * shows it back, but does not apply it to deliveries.
 */
final class GraphqlSubscriptionFilters {

    private record Entry(Instant createdAt, String filter) {
    }

    private final Map<Long, Entry> filters = new ConcurrentHashMap<>();

    String of(Subscription subscription) {
        Entry entry = filters.get(subscription.id());
        return entry != null && entry.createdAt().equals(subscription.createdAt()) ? entry.filter() : null;
    }

    /** Sets the filter; a null or blank one removes it. */
    void set(Subscription subscription, String filter) {
        if (filter == null || filter.isBlank()) {
            filters.remove(subscription.id());
        } else {
            filters.put(subscription.id(), new Entry(subscription.createdAt(), filter));
        }
    }

    void forget(Subscription subscription) {
        filters.remove(subscription.id());
    }
}
