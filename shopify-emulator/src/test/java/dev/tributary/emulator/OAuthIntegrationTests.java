package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tributary.emulator.http.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorization code grant over real HTTP, as an app's server goes through it. */
class OAuthIntegrationTests {

    private static final String CLIENT_ID = "test-client-id";
    private static final String CLIENT_SECRET = "test-client-secret";
    private static final String REDIRECT = "https://app.example.com/auth/callback";

    private ShopifyEmulator emulator;
    private EmulatorTestClient client;

    @BeforeEach
    void start() {
        emulator = ShopifyEmulator.start(EmulatorSettings.defaults());
        client = new EmulatorTestClient(emulator);
        client.createApp(CLIENT_ID, CLIENT_SECRET);
        client.createShop("mystore");
        client.createShop("otherstore");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void authorize_redirects_with_a_code_and_an_hmac_that_verifies() {
        Map<String, String> callback = authorize("mystore", "write_orders,read_customers", "nonce-123");
        assertThat(callback).containsOnlyKeys("code", "hmac", "host", "shop", "state", "timestamp");
        assertThat(callback.get("shop")).isEqualTo("mystore.myshopify.com");
        assertThat(callback.get("state")).isEqualTo("nonce-123");
        assertThat(Long.parseLong(callback.get("timestamp"))).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(new String(Base64.getDecoder().decode(callback.get("host")))).contains("mystore");
        assertThat(verifies(callback, CLIENT_SECRET)).isTrue();

        Map<String, String> tampered = new LinkedHashMap<>(callback);
        tampered.put("shop", "evil.myshopify.com");
        assertThat(verifies(tampered, CLIENT_SECRET)).isFalse();
        assertThat(verifies(callback, "another-secret")).isFalse();
    }

    @Test
    void a_code_is_exchanged_once_for_a_token_with_the_granted_scopes() {
        String code = authorize("mystore", "write_orders,read_customers", "s").get("code");
        EmulatorTestClient.Answer token = exchange("mystore", CLIENT_ID, CLIENT_SECRET, code);
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().get("access_token").asString()).startsWith("shpat_");
        assertThat(token.json().get("scope").asString()).isEqualTo("write_orders,read_customers");
        Installation installation = emulator.state().shop("mystore").orElseThrow().installation(CLIENT_ID).orElseThrow();
        assertThat(installation.accessToken()).isEqualTo(token.json().get("access_token").asString());
        assertThat(installation.hasScope("read_orders")).isTrue();
        assertThat(installation.hasScope("write_customers")).isFalse();

        EmulatorTestClient.Answer again = exchange("mystore", CLIENT_ID, CLIENT_SECRET, code);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").asString()).isEqualTo("invalid_request");
        assertThat(again.json().get("error_description").asString()).contains("not found or was already used");
    }

    @Test
    void the_exchange_accepts_a_form_body_too() {
        String code = authorize("mystore", "read_orders", null).get("code");
        EmulatorTestClient.Answer token = client.send("POST", "/mystore/admin/oauth/access_token",
                "client_id=" + CLIENT_ID + "&client_secret=" + CLIENT_SECRET + "&code=" + code,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().get("scope").asString()).isEqualTo("read_orders");
    }

    @Test
    void a_wrong_secret_or_client_id_is_refused_and_leaves_the_code_usable() {
        String code = authorize("mystore", "read_orders", null).get("code");
        EmulatorTestClient.Answer wrongSecret = exchange("mystore", CLIENT_ID, "not-the-secret", code);
        assertThat(wrongSecret.status()).isEqualTo(400);
        assertThat(wrongSecret.json().get("error").asString()).isEqualTo("invalid_client");
        EmulatorTestClient.Answer wrongClient = exchange("mystore", "unknown-client", CLIENT_SECRET, code);
        assertThat(wrongClient.status()).isEqualTo(400);
        assertThat(wrongClient.json().get("error").asString()).isEqualTo("invalid_client");
        assertThat(exchange("mystore", CLIENT_ID, CLIENT_SECRET, code).status()).isEqualTo(200);
    }

    @Test
    void a_code_only_works_at_the_shop_it_was_issued_for() {
        String code = authorize("mystore", "read_orders", null).get("code");
        assertThat(exchange("otherstore", CLIENT_ID, CLIENT_SECRET, code).status()).isEqualTo(400);
        assertThat(exchange("nosuchstore", CLIENT_ID, CLIENT_SECRET, code).status()).isEqualTo(404);
    }

    @Test
    void an_expired_code_is_refused() throws Exception {
        emulator.close();
        emulator = ShopifyEmulator.start(EmulatorSettings.defaults().withAuthorizationCodeTtl(Duration.ofMillis(50)));
        client = new EmulatorTestClient(emulator);
        client.createApp(CLIENT_ID, CLIENT_SECRET);
        client.createShop("mystore");
        String code = authorize("mystore", "read_orders", null).get("code");
        Thread.sleep(200);
        EmulatorTestClient.Answer expired = exchange("mystore", CLIENT_ID, CLIENT_SECRET, code);
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.json().get("error").asString()).isEqualTo("invalid_request");
    }

    @Test
    void authorize_refuses_unknown_apps_shops_and_missing_redirects() {
        assertThat(client.get("/mystore/admin/oauth/authorize?client_id=nope&scope=read_orders&redirect_uri=" + REDIRECT)
                .status()).isEqualTo(400);
        assertThat(client.get("/nosuchstore/admin/oauth/authorize?client_id=" + CLIENT_ID + "&redirect_uri=" + REDIRECT)
                .status()).isEqualTo(404);
        assertThat(client.get("/mystore/admin/oauth/authorize?client_id=" + CLIENT_ID + "&scope=read_orders").status())
                .isEqualTo(400);
    }

    @Test
    void a_browser_sees_the_install_page_even_in_auto_approve_mode() {
        EmulatorTestClient.Answer page = client.get("/mystore/admin/oauth/authorize?client_id=" + CLIENT_ID
                + "&scope=read_orders&redirect_uri=" + REDIRECT, "Accept", "text/html,application/xhtml+xml");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"install\"");
    }

    @Test
    void the_approval_page_installs_when_its_button_is_pressed() {
        emulator.close();
        emulator = ShopifyEmulator.start(EmulatorSettings.defaults().withAutoApprove(false));
        client = new EmulatorTestClient(emulator);
        client.createApp(CLIENT_ID, CLIENT_SECRET);
        client.createShop("mystore");
        EmulatorTestClient.Answer page = client.get("/mystore/admin/oauth/authorize?client_id=" + CLIENT_ID
                + "&scope=read_orders&state=xyz&redirect_uri=" + REDIRECT);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form").contains("id=\"install\"").contains("read_orders");

        EmulatorTestClient.Answer approved = client.send("POST", "/mystore/admin/oauth/authorize",
                "client_id=" + CLIENT_ID + "&scope=read_orders&state=xyz&redirect_uri=" + REDIRECT,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(approved.status()).isEqualTo(302);
        Map<String, String> callback = callbackParameters(approved.header("Location"));
        assertThat(callback.get("state")).isEqualTo("xyz");
        assertThat(verifies(callback, CLIENT_SECRET)).isTrue();
        assertThat(exchange("mystore", CLIENT_ID, CLIENT_SECRET, callback.get("code")).status()).isEqualTo(200);
    }

    private Map<String, String> authorize(String shop, String scope, String state) {
        EmulatorTestClient.Answer answer = client.get("/" + shop + "/admin/oauth/authorize?client_id=" + CLIENT_ID
                + "&scope=" + scope + "&redirect_uri=" + REDIRECT + (state == null ? "" : "&state=" + state));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(302);
        String location = answer.header("Location");
        assertThat(location).startsWith(REDIRECT + "?");
        return callbackParameters(location);
    }

    private EmulatorTestClient.Answer exchange(String shop, String clientId, String secret, String code) {
        return client.post("/" + shop + "/admin/oauth/access_token",
                Map.of("client_id", clientId, "client_secret", secret, "code", code));
    }

    private static Map<String, String> callbackParameters(String location) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Request.parseQuery(URI.create(location).getRawQuery())
                .forEach((name, values) -> parameters.put(name, values.get(0)));
        return parameters;
    }

    /** Verifies as an app must: drop hmac, sort, join, HMAC-SHA256 hex, compare. */
    private static boolean verifies(Map<String, String> callback, String secret) {
        Map<String, String> rest = new java.util.TreeMap<>(callback);
        String hmac = rest.remove("hmac");
        String message = String.join("&", rest.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes())).equals(hmac);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
