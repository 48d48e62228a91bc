package dev.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.tributary.emulator.ShopifyEmulator;
import dev.tributary.emulator.Shop;
import dev.tributary.emulator.Subscription;
import dev.tributary.emulator.http.Request;

/**
 * The Shopify emulator with one app and one shop, as Tributary's tests meet Shopify: a merchant
 * approves the app (the emulator's authorize page auto-approves) and the app's redirect carries a
 * code for Tributary to exchange.
 */
public final class EmulatedShopify implements AutoCloseable {

    public static final String CLIENT_ID = "tributary-test-app";
    public static final String CLIENT_SECRET = "shpss_tributary_test_secret";
    public static final String SHOP = "mystore";

    private final ShopifyEmulator emulator;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private EmulatedShopify(ShopifyEmulator emulator) {
        this.emulator = emulator;
        emulator.state().createApp(CLIENT_ID, CLIENT_SECRET, "Tributary test app", null);
        emulator.state().createShop(SHOP);
    }

    public static EmulatedShopify start() {
        return new EmulatedShopify(ShopifyEmulator.start());
    }

    /** With Shopify's webhook retry schedule shrunk by {@code clockScale}. */
    public static EmulatedShopify start(double clockScale) {
        return new EmulatedShopify(ShopifyEmulator.start(dev.tributary.emulator.EmulatorSettings.defaults()
                .withClockScale(clockScale)));
    }

    public ShopifyEmulator emulator() {
        return emulator;
    }

    /** What Tributary's {@code TRIBUTARY_SHOPIFY_BASE_URL} should be. */
    public String baseUrlTemplate() {
        return emulator.shopBaseUrlTemplate();
    }

    public Shop shop() {
        return emulator.state().shop(SHOP).orElseThrow();
    }

    /** The subscriptions the shop holds now, any app's. */
    public List<Subscription> subscriptions() {
        return List.copyOf(shop().subscriptions().values());
    }

    /** A fresh authorization code, as the app's OAuth redirect would deliver it. */
    public String authorizationCode(String scope) {
        URI authorize = URI.create(emulator.shopUrl(SHOP) + "/admin/oauth/authorize?client_id=" + CLIENT_ID
                + "&scope=" + scope + "&redirect_uri=https://app.example.com/callback&state=test");
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(authorize).build(),
                    HttpResponse.BodyHandlers.discarding());
            String location = response.headers().firstValue("Location").orElseThrow(
                    () -> new IllegalStateException("authorize answered " + response.statusCode() + " without a redirect"));
            Map<String, List<String>> query = Request.parseQuery(URI.create(location).getRawQuery());
            return query.get("code").get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String authorizationCode() {
        return authorizationCode("write_orders,write_products,write_customers");
    }

    /**
     * The body of {@code POST /instances} connecting the shop with a fresh authorization code:
     * notifications of {@code topics} to {@code callbackUrl}; {@code moreConfiguration} is empty or
     * further {@code , "key": value} pairs.
     */
    public String instanceRequest(String name, String topics, String callbackUrl, String moreConfiguration) {
        return """
                {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "%s"},
                 "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                   "event.notification.enabled": true, "shopify.webhook.topics": "%s",
                   "event.notification.callback.url": "%s"%s},
                 "name": "%s"}
                """.formatted(authorizationCode(), SHOP, CLIENT_ID, CLIENT_SECRET, topics, callbackUrl, moreConfiguration,
                name);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
