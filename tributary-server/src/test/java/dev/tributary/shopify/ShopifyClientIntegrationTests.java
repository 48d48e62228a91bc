package dev.tributary.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tributary.emulator.EmulatorSettings;
import dev.tributary.emulator.Installation;
import dev.tributary.emulator.ResourceType;
import dev.tributary.emulator.Shop;
import dev.tributary.emulator.ShopifyEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The Shopify client against the emulator: REST call limits and 429s are waited out, refusals say why. */
class ShopifyClientIntegrationTests {

    private ShopifyEmulator emulator;
    private ShopifyClient client;
    private Installation installation;
    private final List<Duration> pauses = new ArrayList<>();
    private final ShopDomain shop = new ShopDomain("mystore");

    @BeforeEach
    void start() {
        // A small bucket that leaks fast, so a test fills it in a few calls.
        emulator = ShopifyEmulator.start(EmulatorSettings.defaults().withRestBucket(4, 20));
        var app = emulator.state().createApp("client-test", "secret", "Client test", null);
        Shop emulated = emulator.state().createShop("mystore");
        installation = emulator.state().install(emulated, app, Set.of("write_orders"));
        ShopifyProperties properties = new ShopifyProperties(null, "2025-10", Duration.ofSeconds(2), Duration.ofSeconds(5),
                5, Duration.ofSeconds(5));
        client = new ShopifyClient(properties, new ShopifyAdminBase(emulator.shopBaseUrlTemplate()),
                JsonMapper.builder().build(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), duration -> {
                    pauses.add(duration);
                    ShopifyClient.Pause.SLEEP.sleep(duration);
                });
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void rest_calls_pause_near_the_limit_and_wait_out_429s() {
        for (int i = 0; i < 3; i++) {
            emulator.resources().create(emulator.state().shop("mystore").orElseThrow(), ResourceType.ORDERS,
                    JsonMapper.builder().build().createObjectNode());
        }
        for (int i = 0; i < 12; i++) {
            ShopifyClient.RestAnswer answer = client.rest(shop, installation.accessToken(), "GET", "orders.json?status=any", null);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().get("orders")).hasSize(3);
        }
        assertThat(pauses).as("the client slowed down instead of failing").isNotEmpty();
    }

    @Test
    void a_full_bucket_answers_429_and_the_client_waits_as_told() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var full = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.baseUrl()
                        + "/_emulator/shops/mystore/rate-limit"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"clientId\": \"client-test\", \"used\": 4}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(full.statusCode()).isEqualTo(200);
        ShopifyClient.RestAnswer answer = client.rest(shop, installation.accessToken(), "GET", "orders.json", null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(pauses).anySatisfy(pause -> assertThat(pause).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void a_wrong_token_is_a_refusal_with_shopifys_words() {
        ShopifyClient.RestAnswer answer = client.rest(shop, "shpat_wrong", "GET", "orders.json", null);
        assertThat(answer.status()).isEqualTo(401);
        assertThatThrownBy(() -> client.graphql(shop, "shpat_wrong", "{ shop { name } }", Map.of(), true))
                .isInstanceOfSatisfying(ShopifyException.Refused.class,
                        e -> assertThat(e.providerMessage()).contains("Invalid API key or access token"));
    }

    @Test
    void graphql_errors_are_refusals_and_data_comes_back() {
        assertThat(client.graphql(shop, installation.accessToken(), "{ shop { myshopifyDomain } }", Map.of(), true)
                .path("shop").path("myshopifyDomain").asString()).isEqualTo("mystore.myshopify.com");
        assertThatThrownBy(() -> client.graphql(shop, installation.accessToken(), "{ shop { nope } }", Map.of(), true))
                .isInstanceOf(ShopifyException.Refused.class).hasMessageContaining("nope");
    }

    @Test
    void an_unreachable_shopify_is_unavailable_after_the_retries() {
        emulator.close();
        assertThatThrownBy(() -> client.rest(shop, installation.accessToken(), "GET", "orders.json", null))
                .isInstanceOf(ShopifyException.Unavailable.class);
        assertThat(pauses).hasSize(4);
        emulator = ShopifyEmulator.start();
    }
}
