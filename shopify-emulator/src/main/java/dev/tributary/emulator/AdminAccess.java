package dev.tributary.emulator;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.tributary.emulator.http.Request;
import dev.tributary.emulator.http.Response;
import dev.tributary.emulator.http.Router;
import dev.tributary.emulator.http.ShopifyHttpException;
import tools.jackson.databind.JsonNode;

/**
 * The checks every Admin API call passes: a known shop, a valid access token, the needed scope;
 * and, for tests of what a client does when Shopify fails, faults that make a shop's next Admin
 * API calls answer an error status ({@code POST|DELETE /_emulator/shops/{shop}/admin-faults}), and
 * a delay that makes every Admin API call to a shop answer late
 * ({@code POST|DELETE /_emulator/shops/{shop}/admin-delay}).
 */
public final class AdminAccess {

    public static final String TOKEN_HEADER = "X-Shopify-Access-Token";

    private final EmulatorState state;
    /** Per shop handle: the status the next calls get, and how many more calls get it. */
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    /** Per shop handle: every Admin API call it was sent, REST and GraphQL, answered or refused. */
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    /** Per shop handle: how late its calls are answered, and how many waited at once. */
    private final Map<String, Delay> delays = new ConcurrentHashMap<>();

    AdminAccess(EmulatorState state) {
        this.state = state;
    }

    void register(Router router) {
        router.add("POST", ControlApi.PREFIX + "/shops/{shop}/admin-faults", this::addFault);
        router.add("DELETE", ControlApi.PREFIX + "/shops/{shop}/admin-faults", request -> {
            faults.remove(request.pathVariable("shop"));
            return Response.json(200, Map.of("cleared", true));
        });
        router.add("POST", ControlApi.PREFIX + "/shops/{shop}/admin-delay", this::addDelay);
        router.add("DELETE", ControlApi.PREFIX + "/shops/{shop}/admin-delay", request -> {
            delays.remove(request.pathVariable("shop"));
            return Response.json(200, Map.of("cleared", true));
        });
    }

    /** Makes the shop's next {@code times} Admin API calls (REST and GraphQL) answer {@code status}. */
    public void failNext(Shop shop, int status, int times) {
        faults.put(shop.name(), new Fault(status, new AtomicInteger(times)));
    }

    /**
     * Makes every Admin API call to the shop (REST and GraphQL) wait {@code delay} before it is
     * answered, as a slow or far-away Shopify would; zero ends it. Counting starts again at zero.
     */
    public void slowDown(Shop shop, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            delays.remove(shop.name());
        } else {
            delays.put(shop.name(), new Delay(delay.toMillis(), new AtomicInteger(), new AtomicInteger()));
        }
    }

    /**
     * The most Admin API calls to the shop that were waiting out its delay at the same time, since
     * {@link #slowDown} was last called: 1 for a client that sends one call after another.
     */
    public int mostDelayedAtOnce(Shop shop) {
        Delay delay = delays.get(shop.name());
        return delay == null ? 0 : delay.most().get();
    }

    /** Ends every fault and delay: Shopify answers normally again. */
    public void clearFaults() {
        faults.clear();
        delays.clear();
    }

    /**
     * How many Admin API calls (REST and GraphQL) the shop was sent since the emulator started or
     * was reset, whatever they were answered (429 and faults included): what a client cost Shopify.
     */
    public long calls(Shop shop) {
        AtomicLong count = calls.get(shop.name());
        return count == null ? 0 : count.get();
    }

    void clearCalls() {
        calls.clear();
    }

    /** The shop named by the {@code shop} path variable; 404 as Shopify answers for an unknown one. */
    public Shop shop(Request request) {
        Shop shop = state.shop(request.pathVariable("shop"))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(404, "Not Found")));
        calls.computeIfAbsent(shop.name(), name -> new AtomicLong()).incrementAndGet();
        Delay delay = delays.get(shop.name());
        if (delay != null) {
            delay.await();
        }
        Fault fault = faults.get(shop.name());
        if (fault != null && fault.remaining().getAndDecrement() > 0) {
            throw new ShopifyHttpException(Response.errors(fault.status(), fault.status() >= 500
                    ? "Internal Server Error" : "Request failed"));
        }
        return shop;
    }

    /** The installation whose token the request carries, for its shop; 401 otherwise. */
    public Installation authenticate(Request request, Shop shop) {
        return state.installationByToken(shop, request.header(TOKEN_HEADER))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(401,
                        "[API] Invalid API key or access token (unrecognized login or wrong password)")));
    }

    /** {@code {"status": 503, "times": 3}}; without {@code times}, until cleared. */
    private Response addFault(Request request) {
        Shop shop = controlledShop(request);
        JsonNode body = controlBody(request);
        int status = body == null ? 0 : body.path("status").asInt(0);
        if (status < 400 || status > 599) {
            return Response.errors(400, "body must be {\"status\": 400..599, \"times\"?: n}");
        }
        failNext(shop, status, body.path("times").asInt(Integer.MAX_VALUE));
        return Response.json(201, Map.of("shop", shop.name(), "status", status));
    }

    private record Fault(int status, AtomicInteger remaining) {
    }

    /** The shop a control call names; 404 when there is none. */
    private Shop controlledShop(Request request) {
        return state.shop(request.pathVariable("shop"))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(404, "no shop " + request.pathVariable("shop"))));
    }

    /** A control call's JSON body; 400 when it is not JSON. */
    private static JsonNode controlBody(Request request) {
        try {
            return Response.JSON.readTree(request.body());
        } catch (RuntimeException e) {
            throw new ShopifyHttpException(Response.errors(400, "body is not valid JSON"));
        }
    }

    /** {@code {"delayMs": 250}}: every Admin API call to the shop answers that much later, until cleared. */
    private Response addDelay(Request request) {
        Shop shop = controlledShop(request);
        JsonNode body = controlBody(request);
        long millis = body == null ? 0 : body.path("delayMs").asLong(0);
        if (millis <= 0 || millis > 60_000) {
            return Response.errors(400, "body must be {\"delayMs\": 1..60000}");
        }
        slowDown(shop, Duration.ofMillis(millis));
        return Response.json(201, Map.of("shop", shop.name(), "delayMs", millis));
    }

    private record Delay(long millis, AtomicInteger waiting, AtomicInteger most) {

        void await() {
            most.accumulateAndGet(waiting.incrementAndGet(), Math::max);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    /** 403 unless the installation was granted {@code scope} (or its write form). */
    public static void requireScope(Installation installation, String scope) {
        if (!installation.hasScope(scope)) {
            throw new ShopifyHttpException(Response.errors(403,
                    "[API] This action requires merchant approval for " + scope + " scope."));
        }
    }
}
