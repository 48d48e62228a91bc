package dev.tributary.elements;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** The element catalogue and the OAuth URL, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElementsIntegrationTests {

    private TestStore store;
    private RunningService service;
    private ApiClient api;
    private Credentials admin;

    @BeforeAll
    void start() {
        store = TestStore.sqlite();
        service = RunningService.start(store, Map.of("tributary.shopify.base-url", "http://127.0.0.1:9999/{shop}"));
        api = service.client();
        admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
    }

    @AfterAll
    void stop() {
        service.close();
        store.close();
    }

    @Test
    void shopify_is_listed_and_found_by_key_or_id() {
        JsonNode list = api.get(API + "/elements").as(admin).send().json();
        assertThat(list).hasSize(1);
        JsonNode byKey = api.get(API + "/elements/shopify").as(admin).send().json();
        assertThat(byKey).isEqualTo(list.get(0));
        assertThat(api.get(API + "/elements/" + byKey.get("id").asLong()).as(admin).send().json()).isEqualTo(byKey);
        assertThat(byKey.get("key").asString()).isEqualTo("shopify");
        assertThat(byKey.get("hub").asString()).isEqualTo("ecommerce");
        assertThat(byKey.get("authentication").get("type").asString()).isEqualTo("oauth2");
        assertThat(byKey.get("eventTypes").toString()).contains("webhook").contains("polling");
        assertThat(byKey.get("webhookTopics").toString()).contains("orders/create").contains("app/uninstalled");
        assertThat(byKey.get("configuration").toString()).contains("shopify.webhook.topics")
                .contains("event.notification.signature.key");
        assertThat(api.get(API + "/elements/salesforce").as(admin).send().status()).isEqualTo(404);
        assertThat(api.get(API + "/elements").send().status()).isEqualTo(401);
    }

    @Test
    void the_oauth_url_is_built_on_the_shopify_base_with_encoded_values_and_defaults() {
        Answer answer = api.get(API + "/elements/shopify/oauth/url?apiKey=abc123&apiSecret=s3cret"
                + "&callbackUrl=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1&siteAddress=https%3A%2F%2FMyStore.myshopify.com")
                .as(admin).send();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("element").asString()).isEqualTo("shopify");
        assertThat(answer.json().get("oauthUrl").asString()).isEqualTo("http://127.0.0.1:9999/mystore/admin/oauth/authorize"
                + "?client_id=abc123&scope=write_orders%2Cwrite_products%2Cwrite_customers"
                + "&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1&state=shopify");
        assertThat(answer.body()).doesNotContain("s3cret");

        String custom = api.get(API + "/elements/shopify/oauth/url?apiKey=k&callbackUrl=https://a.example.com/"
                + "&siteAddress=mystore.myshopify.com&state=xyz&scope=read_orders").as(admin).send()
                .json().get("oauthUrl").asString();
        assertThat(custom).endsWith("?client_id=k&scope=read_orders&redirect_uri=https%3A%2F%2Fa.example.com%2F&state=xyz");
    }

    @Test
    void bad_oauth_url_parameters_are_400s_that_say_which() {
        Answer missing = api.get(API + "/elements/shopify/oauth/url?apiKey=k").as(admin).send();
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("message").asString()).contains("callbackUrl").contains("siteAddress");
        for (String shop : new String[] {"my store", "evil.com", "https://mystore.myshopify.com.evil.com", "-x"}) {
            Answer bad = api.get(API + "/elements/shopify/oauth/url?apiKey=k&callbackUrl=https://a.example.com/&siteAddress="
                    + java.net.URLEncoder.encode(shop, java.nio.charset.StandardCharsets.UTF_8)).as(admin).send();
            assertThat(bad.status()).as(shop).isEqualTo(400);
            assertThat(bad.json().get("message").asString()).contains("siteAddress");
        }
        assertThat(api.get(API + "/elements/shopify/oauth/url?apiKey=k&callbackUrl=notaurl&siteAddress=mystore")
                .as(admin).send().status()).isEqualTo(400);
        assertThat(api.get(API + "/elements/nope/oauth/url?apiKey=k&callbackUrl=https://a.example.com/&siteAddress=mystore")
                .as(admin).send().status()).isEqualTo(404);
    }
}
