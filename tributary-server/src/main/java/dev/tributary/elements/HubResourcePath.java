package dev.tributary.elements;

import java.util.List;
import java.util.Optional;

/**
 * What a poll {@code url} may name (SPEC 5): one of the hub's collections,
 * {@code /hubs/ecommerce/orders}, {@code /customers} or {@code /products}, with an optional query.
 * Nothing else: no scheme or host, no {@code ..}, no escapes in the path, so a poller can never be
 * pointed at another address (an SSRF) or another part of the API.
 */
public final class HubResourcePath {

    public static final String PREFIX = "/hubs/ecommerce/";
    public static final List<String> RESOURCES = List.of("orders", "customers", "products");

    private HubResourcePath() {
    }

    /** Why {@code url} is not a hub collection path with an optional query, or empty when it is. */
    public static Optional<String> problem(String url) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        if (!path.startsWith(PREFIX) || !RESOURCES.contains(path.substring(PREFIX.length()))) {
            return Optional.of("must be a hub resource path: " + String.join(", ", RESOURCES.stream()
                    .map(resource -> PREFIX + resource).toList()) + ", optionally followed by ?<query>");
        }
        if (url.indexOf('#') >= 0) {
            return Optional.of("may not carry a fragment (#)");
        }
        return Optional.empty();
    }
}
