package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulator against Shopify's official Node libraries ({@code @shopify/shopify-api},
 * {@code @shopify/admin-api-client}): where the emulator is not faithful, these fail. Each test
 * gives one script of {@code src/test/node} a fresh app and shop; the scripts hold the checks,
 * each with a twin that must fail, and exit non-zero on the first failure.
 */
class ShopifyLibraryFidelityIntegrationTests {

    private static ShopifyEmulator emulator;

    @BeforeAll
    static void startEmulator() {
        emulator = ShopifyEmulator.start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void shopify_api_validates_the_oauth_redirect_and_completes_auth_callback() {
        App app = newApp("oauth");
        Shop shop = emulator.state().createShop("fidelity-oauth");

        Map<String, String> environment = environment(shop, app);
        environment.put("SHOPIFY_SCOPES", "read_orders,write_products");
        assertPasses("oauth.mjs", environment);
    }

    @Test
    void shopify_api_validates_a_real_webhook_delivery() {
        App app = newApp("webhooks");
        Shop shop = emulator.state().createShop("fidelity-webhooks");
        Installation installation = emulator.state().install(shop, app, Set.of("read_orders"));

        Map<String, String> environment = environment(shop, app);
        environment.put("SHOPIFY_ACCESS_TOKEN", installation.accessToken());
        assertPasses("webhooks.mjs", environment);
    }

    @Test
    void admin_api_client_creates_pages_and_deletes_webhook_subscriptions_over_graphql() {
        App app = newApp("graphql");
        Shop shop = emulator.state().createShop("fidelity-graphql");
        Installation installation = emulator.state().install(shop, app, Set.of("read_orders", "read_customers"));

        Map<String, String> environment = environment(shop, app);
        environment.put("SHOPIFY_ACCESS_TOKEN", installation.accessToken());
        assertPasses("graphql.mjs", environment);
    }

    @Test
    void shopify_api_rest_client_pages_through_orders_by_the_link_header() {
        App app = newApp("rest");
        Shop shop = emulator.state().createShop("fidelity-rest");
        Installation installation = emulator.state().install(shop, app, Set.of("read_orders"));
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            orderIds.add(emulator.resources().create(shop, ResourceType.ORDERS, null).get("id").asString());
        }

        Map<String, String> environment = environment(shop, app);
        environment.put("SHOPIFY_ACCESS_TOKEN", installation.accessToken());
        environment.put("ORDER_IDS", String.join(",", orderIds));
        environment.put("PAGE_LIMIT", "5");
        assertPasses("rest-paging.mjs", environment);
    }

    private static App newApp(String name) {
        return emulator.state().createApp("fidelity-" + name, "shpss_fidelity_" + name + "_secret", "Fidelity " + name, null);
    }

    private static Map<String, String> environment(Shop shop, App app) {
        Map<String, String> environment = new HashMap<>();
        environment.put("EMULATOR_URL", emulator.baseUrl());
        environment.put("SHOPIFY_SHOP", shop.domain());
        environment.put("SHOPIFY_API_VERSION", emulator.settings().apiVersion());
        environment.put("SHOPIFY_CLIENT_ID", app.clientId());
        environment.put("SHOPIFY_CLIENT_SECRET", app.clientSecret());
        return environment;
    }

    private static void assertPasses(String script, Map<String, String> environment) {
        ShopifyLibraryFidelityScripts.Run run = ShopifyLibraryFidelityScripts.run(script, environment);
        System.out.println(run);
        assertThat(run.passed()).as("%s", run).isTrue();
    }
}
