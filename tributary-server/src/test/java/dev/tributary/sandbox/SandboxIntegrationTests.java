package dev.tributary.sandbox;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Sandbox mode mounts a Shopify emulator and a recording receiver; production mode neither. */
class SandboxIntegrationTests {

    @Test
    void the_embedded_default_is_a_sandbox_with_a_shop_and_a_receiver() {
        try (TestStore store = TestStore.sqlite(); RunningService service = RunningService.start(store)) {
            ApiClient api = service.client();
            JsonNode sandbox = api.get("/sandbox").send().json();
            assertThat(sandbox.get("mode").asString()).isEqualTo("sandbox");
            String adminBase = sandbox.get("shopify").get("adminBaseUrl").asString();
            assertThat(adminBase).startsWith("http://127.0.0.1:").endsWith("/{shop}");

            // The OAuth URL points at the sandbox's Shopify, and its authorize page answers.
            Credentials admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
            JsonNode oauth = api.get(API + "/elements/shopify/oauth/url?apiKey=sandbox-app&callbackUrl=https://app.example.com/cb"
                    + "&siteAddress=sandbox-shop").as(admin).send().json();
            assertThat(oauth.get("oauthUrl").asString())
                    .startsWith(adminBase.replace("{shop}", "sandbox-shop") + "/admin/oauth/authorize?client_id=sandbox-app");

            Answer recorded = api.post("/sandbox/receiver/events", "{\"hello\": \"world\"}").header("X-Custom", "1").send();
            assertThat(recorded.status()).isEqualTo(200);
            JsonNode records = api.get("/sandbox/receiver").send().json();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).get("body").asString()).isEqualTo("{\"hello\": \"world\"}");
            assertThat(records.get(0).get("headers").get("x-custom").asString()).isEqualTo("1");
            long id = records.get(0).get("id").asLong();
            assertThat(api.get("/sandbox/receiver/" + id + "/body").send().body()).isEqualTo("{\"hello\": \"world\"}");
            api.call("DELETE", "/sandbox/receiver").send();
            assertThat(api.get("/sandbox/receiver").send().json()).isEmpty();
        }
    }

    @Test
    void production_mode_mounts_no_sandbox() {
        try (TestStore store = TestStore.sqlite();
             RunningService service = RunningService.start(store, Map.of("tributary.mode", "production"))) {
            assertThat(service.client().get("/sandbox").send().status()).isEqualTo(404);
            assertThat(service.client().post("/sandbox/receiver/events", "{}").send().status()).isEqualTo(404);
        }
    }

    @Test
    void a_database_url_means_production_unless_told_otherwise() {
        try (TestStore store = TestStore.postgres(); RunningService service = RunningService.start(store)) {
            assertThat(service.client().get("/sandbox").send().status()).isEqualTo(404);
        }
    }
}
