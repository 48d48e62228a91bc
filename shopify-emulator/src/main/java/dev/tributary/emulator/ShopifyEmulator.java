package dev.tributary.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

import dev.tributary.emulator.http.EmulatorHttpServer;
import dev.tributary.emulator.http.Router;

/**
 * A stand-in for Shopify, for one or many shops and apps, reached at
 * {@code http://host:port/{shop}/...}: OAuth, the GraphQL and REST Admin APIs, rate limits, and
 * webhook deliveries. Embeddable (start on a free port, reset, close) and runnable on its own
 * ({@link Main}). Its own control API lives under {@code /_emulator}. Its state lives in memory,
 * or also in a state file that lets it survive restarts ({@link #start(EmulatorSettings, Path)}).
 */
public final class ShopifyEmulator implements AutoCloseable {

    private final EmulatorSettings settings;
    private final EmulatorState state;
    private final WebhookDispatcher webhooks;
    private final ShopResources resources;
    private final AdminAccess access;
    private final EmulatorHttpServer server;
    private final StateFile stateFile;
    private final boolean restored;

    private ShopifyEmulator(EmulatorSettings settings, Path stateFile) throws IOException {
        this.settings = settings;
        Clock clock = Clock.systemUTC();
        this.state = new EmulatorState(settings.shopZone());
        // Restored before anything listens, so no request ever sees a half-restored emulator.
        this.restored = stateFile != null && StateFile.restore(stateFile, state);
        this.webhooks = new WebhookDispatcher(state, settings, clock);
        this.resources = new ShopResources(state, webhooks, clock);
        this.access = new AdminAccess(state);
        WebhookSubscriptions subscriptions = new WebhookSubscriptions(state, clock);
        Router router = new Router();
        // The router picks the most specific route, so the order here does not matter.
        new ControlApi(state, resources, webhooks, this::reset).register(router);
        webhooks.register(router);
        access.register(router);
        new OAuthEndpoints(state, settings, clock).register(router);
        new GraphqlAdminApi(state, access, subscriptions, settings, clock).register(router);
        new RestAdminApi(state, access, subscriptions, resources, settings, clock).register(router);
        this.stateFile = stateFile == null ? null : new StateFile(stateFile, state, restored);
        try {
            this.server = new EmulatorHttpServer(settings.host(), settings.port(), router);
        } catch (IOException | RuntimeException e) {
            webhooks.close();
            if (this.stateFile != null) {
                this.stateFile.close();
            }
            throw e;
        }
    }

    /** Starts with its state in memory only: a restart starts empty. */
    public static ShopifyEmulator start(EmulatorSettings settings) {
        return start(settings, null);
    }

    /**
     * Starts with the apps, shops, installations, resources and subscriptions that {@code stateFile}
     * holds, when it exists, and keeps it up to date (a kill loses at most the last 100 ms of
     * changes). A file that cannot be read fails the start, naming the file. A null file means
     * memory only.
     */
    public static ShopifyEmulator start(EmulatorSettings settings, Path stateFile) {
        try {
            return new ShopifyEmulator(settings, stateFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Shopify emulator on port " + settings.port(), e);
        }
    }

    /** Starts with Shopify's defaults on a free loopback port. */
    public static ShopifyEmulator start() {
        return start(EmulatorSettings.defaults());
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:port} */
    public String baseUrl() {
        return "http://" + settings.host() + ":" + port();
    }

    /** The Admin base with a {@code {shop}} placeholder, as {@code TRIBUTARY_SHOPIFY_BASE_URL} takes it. */
    public String shopBaseUrlTemplate() {
        return baseUrl() + "/{shop}";
    }

    /** The Admin base of one shop: {@code http://127.0.0.1:port/mystore}. */
    public String shopUrl(String shop) {
        return baseUrl() + "/" + EmulatorState.handleOf(shop).orElse(shop);
    }

    /** Whether start-up found a state file and took the emulator's state from it. */
    public boolean restored() {
        return restored;
    }

    public EmulatorSettings settings() {
        return settings;
    }

    public EmulatorState state() {
        return state;
    }

    public ShopResources resources() {
        return resources;
    }

    /** The Admin API's checks, and its faults for tests. */
    public AdminAccess admin() {
        return access;
    }

    /** Forgets every app, shop, subscription, pending delivery, fault and call count (a state file then holds the empty state). */
    public void reset() {
        webhooks.reset();
        access.clearFaults();
        access.clearCalls();
        state.reset();
    }

    @Override
    public void close() {
        server.close();
        webhooks.close();
        // Last, once nothing can change the state any more.
        if (stateFile != null) {
            stateFile.close();
        }
    }
}
