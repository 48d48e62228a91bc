package dev.tributary.emulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Everything the emulator knows: apps, shops, installations and pending authorization codes. */
public final class EmulatorState {

    /** Shopify's rule for shop handles (the part before {@code .myshopify.com}). */
    public static final Pattern SHOP_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-]*");

    private static final long FIRST_ID = 1_000_000_001L;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Shop> shops = new ConcurrentHashMap<>();
    private final Map<String, Installation> installationsByToken = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(FIRST_ID);
    /** Bumped by every change a state file must keep; pending codes and deliveries do not count. */
    private final AtomicLong changes = new AtomicLong();
    private volatile Runnable onChange;
    private final ZoneId shopZone;

    EmulatorState(ZoneId shopZone) {
        this.shopZone = shopZone;
    }

    /** Forgets everything, as if just started. */
    public void reset() {
        apps.clear();
        shops.clear();
        installationsByToken.clear();
        codes.clear();
        ids.set(FIRST_ID);
        changed();
    }

    /** A new id, unique across all resources and subscriptions of this emulator. */
    public long nextId() {
        return ids.getAndIncrement();
    }

    /** The id {@link #nextId()} hands out next, without taking it. */
    long peekNextId() {
        return ids.get();
    }

    /** Hands out ids from {@code next} on, when that is past the ones handed out so far. */
    void skipIdsTo(long next) {
        ids.accumulateAndGet(next, Math::max);
    }

    /**
     * Records a change to apps, shops, installations, resources or subscriptions. The emulator
     * calls it itself; call it after changing a shop's maps directly, so a state file keeps up.
     */
    public void changed() {
        changes.incrementAndGet();
        Runnable listener = onChange;
        if (listener != null) {
            listener.run();
        }
    }

    /** How many changes there have been: a state file compares it with what it wrote last. */
    long changes() {
        return changes.get();
    }

    /** Runs {@code listener} after every change, on the changing thread; null stops it. */
    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Creates an app; a null client id or secret is generated. */
    public App createApp(String clientId, String clientSecret, String name, String complianceUrl) {
        String id = clientId == null || clientId.isBlank() ? randomHex(16) : clientId;
        String secret = clientSecret == null || clientSecret.isBlank() ? "shpss_" + randomHex(16) : clientSecret;
        App app = new App(id, secret, name == null ? "App " + id : name, complianceUrl);
        if (apps.putIfAbsent(id, app) != null) {
            throw new IllegalArgumentException("an app with client id " + id + " exists already");
        }
        changed();
        return app;
    }

    /** Points the app's compliance topics at another address (null for none). */
    public void changeComplianceUrl(App app, String complianceUrl) {
        app.complianceUrl(complianceUrl);
        changed();
    }

    public Optional<App> app(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(apps.get(clientId));
    }

    public Collection<App> apps() {
        return apps.values();
    }

    /** Creates a shop, or returns the one with that name. */
    public Shop createShop(String name) {
        String handle = handleOf(name)
                .orElseThrow(() -> new IllegalArgumentException("not a valid shop name: " + name));
        Shop existing = shops.get(handle);
        if (existing != null) {
            return existing;
        }
        Shop shop = shops.computeIfAbsent(handle, n -> new Shop(n, shopZone));
        changed();
        return shop;
    }

    /** A shop by handle ({@code mystore}) or domain ({@code mystore.myshopify.com}). */
    public Optional<Shop> shop(String nameOrDomain) {
        return handleOf(nameOrDomain).map(shops::get);
    }

    public Collection<Shop> shops() {
        return shops.values();
    }

    /** Installs (or re-installs, with a new token) an app on a shop. */
    public Installation install(Shop shop, App app, Set<String> scopes) {
        return install(shop, app, "shpat_" + randomHex(16), scopes);
    }

    /** Installs with a known token: a state file's, on restore. */
    Installation install(Shop shop, App app, String accessToken, Set<String> scopes) {
        Installation installation = new Installation(app, shop, accessToken, scopes);
        Installation previous = shop.installations().put(app.clientId(), installation);
        if (previous != null) {
            installationsByToken.remove(previous.accessToken());
        }
        installationsByToken.put(installation.accessToken(), installation);
        changed();
        return installation;
    }

    /** Removes the app from the shop: its token stops working and its subscriptions go. */
    public Optional<Installation> uninstall(Shop shop, String clientId) {
        Installation removed = shop.installations().remove(clientId);
        if (removed == null) {
            return Optional.empty();
        }
        installationsByToken.remove(removed.accessToken());
        shop.subscriptions().values().removeIf(s -> s.clientId().equals(clientId));
        changed();
        return Optional.of(removed);
    }

    /** The installation an access token belongs to, if it is one of this shop's. */
    public Optional<Installation> installationByToken(Shop shop, String token) {
        if (token == null) {
            return Optional.empty();
        }
        Installation installation = installationsByToken.get(token);
        return installation != null && installation.shop() == shop ? Optional.of(installation) : Optional.empty();
    }

    /** Issues a single-use authorization code for an app on a shop. */
    public AuthorizationCode issueCode(Shop shop, App app, Set<String> scopes, Instant expiresAt) {
        AuthorizationCode code = new AuthorizationCode(randomHex(16), shop, app,
                java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(scopes)), expiresAt,
                new AtomicBoolean());
        codes.put(code.code(), code);
        return code;
    }

    public Optional<AuthorizationCode> code(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(codes.get(code));
    }

    public String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }

    static Optional<String> handleOf(String nameOrDomain) {
        if (nameOrDomain == null) {
            return Optional.empty();
        }
        String handle = nameOrDomain.toLowerCase(Locale.ROOT);
        if (handle.endsWith(".myshopify.com")) {
            handle = handle.substring(0, handle.length() - ".myshopify.com".length());
        }
        return SHOP_NAME.matcher(handle).matches() ? Optional.of(handle) : Optional.empty();
    }

    /** A code from the authorize step, waiting to be exchanged once for a token. */
    public record AuthorizationCode(String code, Shop shop, App app, Set<String> scopes, Instant expiresAt,
            AtomicBoolean used) {
    }
}
